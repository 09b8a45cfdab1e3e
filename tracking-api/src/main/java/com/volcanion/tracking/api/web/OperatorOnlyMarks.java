package com.volcanion.tracking.api.web;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link OperatorOnly} marks are read, one way for the checks ({@link AdminAuthorization},
 * {@link OperatorOnlyFields}) and for the OpenAPI description that documents them.
 */
public final class OperatorOnlyMarks {

    private static final Map<Class<?>, List<RecordComponent>> FIELDS = new ConcurrentHashMap<>();

    private OperatorOnlyMarks() {
    }

    /** The handler method, or its controller, is marked: a partner token gets 403. */
    public static boolean onHandler(HandlerMethod handler) {
        return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), OperatorOnly.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), OperatorOnly.class);
    }

    /** The marked components of a request body record; none for any other type. */
    public static List<RecordComponent> fieldsOf(Class<?> bodyType) {
        return FIELDS.computeIfAbsent(bodyType, type -> type.isRecord()
                ? Arrays.stream(type.getRecordComponents()).filter(c -> c.isAnnotationPresent(OperatorOnly.class)).toList()
                : List.of());
    }
}
