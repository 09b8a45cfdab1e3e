package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.event.ValidationError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What PostgreSQL's {@code jsonb} would refuse or alter, found before the database sees it: a NUL character or an
 * unpaired UTF-16 surrogate in a name or a string, and a number {@code numeric} cannot hold (more than
 * {@value #MAX_SCALE} digits after the point) or whose plain notation, the form {@code jsonb} returns it in, would
 * exceed the event's size limit ({@code 1e100000} is eight bytes sent and a hundred thousand returned).
 */
final class StorableJson {

    /** The most digits after the decimal point PostgreSQL's {@code numeric} keeps. */
    static final int MAX_SCALE = 16383;

    private StorableJson() {
    }

    /** The first problem in the value, named by its path under {@code path}; null when it stores exactly. */
    static ValidationError firstProblem(JsonNode value, String path, int maxPlainLength) {
        if (value.isString()) {
            String reason = Require.unstorableReason(value.asString());
            return reason == null ? null : new ValidationError(path, reason);
        }
        if (value.isNumber()) {
            return numberProblem(value, path, maxPlainLength);
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String name = entry.getKey();
                String reason = Require.unstorableReason(name);
                if (reason != null) {
                    return new ValidationError(path, "a property name " + reason);
                }
                ValidationError problem = firstProblem(entry.getValue(), path + "." + name, maxPlainLength);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                ValidationError problem = firstProblem(value.get(i), path + "[" + i + "]", maxPlainLength);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static ValidationError numberProblem(JsonNode value, String path, int maxPlainLength) {
        if (!value.isBigDecimal()) {
            return null;   // integers are exact whatever their size; their text length is bounded by the parser
        }
        BigDecimal number = value.decimalValue();
        if (number.scale() > MAX_SCALE) {
            return new ValidationError(path, "has more than " + MAX_SCALE + " digits after the decimal point");
        }
        if (plainLength(number) > maxPlainLength) {
            return new ValidationError(path, "is a number too large to store: its plain notation is longer than "
                    + maxPlainLength + " characters");
        }
        return null;
    }

    /** The length of {@link BigDecimal#toPlainString()}, without building it. */
    static long plainLength(BigDecimal number) {
        long digits = number.precision();
        long scale = number.scale();
        long sign = number.signum() < 0 ? 1 : 0;
        if (scale <= 0) {
            return sign + digits - scale;
        }
        return sign + (scale >= digits ? scale + 2 : digits + 1);
    }
}
