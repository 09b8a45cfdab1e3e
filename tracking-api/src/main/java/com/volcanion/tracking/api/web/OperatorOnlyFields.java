package com.volcanion.tracking.api.web;

import com.volcanion.tracking.application.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;

/**
 * The body half of {@link AdminAuthorization}: a partner token that sets a request body's {@link OperatorOnly} field
 * (a partner's {@code active} and {@code email}, a system's {@code rateLimitPerSecond}) gets 403, before the handler runs.
 */
@ControllerAdvice
class OperatorOnlyFields extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return !OperatorOnlyMarks.fieldsOf(parameter.getParameterType()).isEmpty();
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        if (body != null   // a JSON null: the handler's binding answers it (400), as for the operator
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && AdminAuthorization.actorOf(attributes.getRequest()).orElse(null) instanceof Actor.PartnerAdmin) {
            for (RecordComponent field : OperatorOnlyMarks.fieldsOf(body.getClass())) {
                if (value(field, body) != null) {
                    throw new ForbiddenException("only the operator may set " + field.getName());
                }
            }
        }
        return body;
    }

    private static Object value(RecordComponent field, Object body) {
        try {
            return field.getAccessor().invoke(body);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
