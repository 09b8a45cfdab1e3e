package com.volcanion.tracking.infrastructure.schema;

import com.volcanion.tracking.application.structure.EventSchemaChecker.InvalidEventSchemaException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkntEventSchemaCheckerTest {

    private final NetworkntEventSchemaChecker checker = new NetworkntEventSchemaChecker(JsonMapper.builder().build());

    @Test
    void acceptsAValidSchemaAndReturnsItCompact() {
        String canonical = checker.canonicalize("""
                { "type": "object",
                  "properties": { "total": { "type": "number", "minimum": 0 } },
                  "required": ["total"] }
                """);

        assertThat(canonical).isEqualTo(
                "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\",\"minimum\":0}},\"required\":[\"total\"]}");
    }

    @Test
    void refusesAnUnknownType() {
        assertThatThrownBy(() -> checker.canonicalize("{\"type\":\"banana\"}"))
                .isInstanceOfSatisfying(InvalidEventSchemaException.class,
                        e -> assertThat(e.problems()).isNotEmpty());
    }

    @Test
    void refusesAKeywordWithAValueOfTheWrongType() {
        assertThatThrownBy(() -> checker.canonicalize("{\"type\":\"object\",\"required\":\"total\"}"))
                .isInstanceOf(InvalidEventSchemaException.class);
        assertThatThrownBy(() -> checker.canonicalize("{\"minimum\":\"zero\"}"))
                .isInstanceOf(InvalidEventSchemaException.class);
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> checker.canonicalize("[1,2]")).isInstanceOf(InvalidEventSchemaException.class);
        assertThatThrownBy(() -> checker.canonicalize("{not json")).isInstanceOf(InvalidEventSchemaException.class);
    }

    @Test
    void neverFetchesARemoteReference() {
        assertThatThrownBy(() -> checker.canonicalize("{\"$ref\":\"http://127.0.0.1:9/schema.json\"}"))
                .isInstanceOf(InvalidEventSchemaException.class);
    }
}
