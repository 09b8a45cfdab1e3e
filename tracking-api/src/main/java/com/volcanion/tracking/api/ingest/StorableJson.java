package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.event.ValidationError;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What PostgreSQL's {@code jsonb} would refuse or alter, or what could not be read back, found before the database
 * sees it: a NUL character or an unpaired UTF-16 surrogate in a name or a string, and a number whose plain notation
 * is longer than {@value #MAX_PLAIN_LENGTH} characters. {@code jsonb} keeps and returns numbers in plain notation:
 * {@code 1e400} comes back as 401 digits, but {@code 1e-16383} would come back as 16,385 characters, which JSON
 * readers refuse by default (Jackson beyond 1000 characters, Python beyond 4300 digits), and {@code 1e-16384} is
 * beyond {@code numeric} altogether. Also how much longer the object becomes as stored, since the size limit applies
 * to the stored form ({@code 1e999} is five bytes sent and a thousand returned).
 */
final class StorableJson {

    /** The longest plain notation of a number: the length JSON readers accept by default (Jackson's). */
    static final int MAX_PLAIN_LENGTH = 1000;

    /** @param problem       the first thing that cannot be stored exactly, or null
     *  @param plainExpansion how many characters longer the numbers are in plain notation than as written */
    record Inspection(ValidationError problem, long plainExpansion) {
    }

    private long plainExpansion;

    private StorableJson() {
    }

    /** Inspects the value, naming a problem by its path under {@code path}. */
    static Inspection inspect(JsonNode value, String path) {
        StorableJson walker = new StorableJson();
        ValidationError problem = walker.firstProblem(value, path);
        return new Inspection(problem, walker.plainExpansion);
    }

    private ValidationError firstProblem(JsonNode value, String path) {
        if (value.isString()) {
            String reason = Require.unstorableReason(value.asString());
            return reason == null ? null : new ValidationError(path, reason);
        }
        if (value.isBigDecimal()) {
            return numberProblem(value.decimalValue(), path);
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String reason = Require.unstorableReason(entry.getKey());
                if (reason != null) {
                    return new ValidationError(path, "a property name " + reason);
                }
                ValidationError problem = firstProblem(entry.getValue(), path + "." + entry.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                ValidationError problem = firstProblem(value.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;   // integers are written in plain notation already, and the parser bounds their length
    }

    private ValidationError numberProblem(BigDecimal number, String path) {
        long plain = plainLength(number);
        if (plain > MAX_PLAIN_LENGTH) {
            return new ValidationError(path, "is a number whose plain notation, the form it is stored and returned in, "
                    + "is longer than " + MAX_PLAIN_LENGTH + " characters");
        }
        plainExpansion += Math.max(0, plain - number.toString().length());
        return null;
    }

    /** The length of {@link BigDecimal#toPlainString()}, without building it. */
    static long plainLength(BigDecimal number) {
        if (number.signum() == 0 && number.scale() <= 0) {
            return 1;   // 0e1000 is stored as 0
        }
        long digits = number.precision();
        long scale = number.scale();
        long sign = number.signum() < 0 ? 1 : 0;
        if (scale <= 0) {
            return sign + digits - scale;
        }
        return sign + (scale >= digits ? scale + 2 : digits + 1);
    }
}
