package com.volcanion.tracking.application.structure;

import java.util.List;

/** Knows what a valid JSON Schema (draft 2020-12) is. */
public interface EventSchemaChecker {

    /**
     * Checks that {@code schemaJson} is a JSON object that is a valid JSON Schema, and returns it in
     * canonical text form, so that equal schemas have equal text.
     *
     * @throws InvalidEventSchemaException naming every problem found
     */
    String canonicalize(String schemaJson);

    /** A schema that is not a valid JSON Schema. */
    class InvalidEventSchemaException extends RuntimeException {

        private final List<String> problems;

        public InvalidEventSchemaException(List<String> problems) {
            super("schema is not a valid JSON Schema: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
