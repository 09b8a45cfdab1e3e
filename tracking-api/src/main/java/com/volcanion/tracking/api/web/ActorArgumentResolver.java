package com.volcanion.tracking.api.web;

import com.volcanion.tracking.application.Actor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a handler's {@link Actor} parameter the actor {@link AdminAuthorization} authenticated. */
public class ActorArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Actor.class.isAssignableFrom(parameter.getParameterType());
    }

    @Override
    public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                 WebDataBinderFactory binderFactory) {
        return AdminAuthorization.actorOf(request.getNativeRequest(HttpServletRequest.class))
                .orElseThrow(() -> new IllegalStateException(
                        "no actor: " + parameter.getExecutable() + " is not behind AdminAuthorization"));
    }
}
