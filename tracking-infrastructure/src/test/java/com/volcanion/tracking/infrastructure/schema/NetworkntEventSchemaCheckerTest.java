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
    void acceptsReferencesToItsOwnParts() {
        String schema = "{\"$defs\":{\"money\":{\"type\":\"number\",\"minimum\":0}},\"type\":\"object\","
                + "\"properties\":{\"total\":{\"$ref\":\"#/$defs/money\"}}}";
        assertThat(checker.canonicalize(schema)).isEqualTo(schema);
    }

    @Test
    void acceptsARecursiveStructure() {
        String tree = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\","
                + "\"items\":{\"$ref\":\"#/$defs/node\"}}}}},\"$ref\":\"#/$defs/node\"}";
        assertThat(checker.canonicalize(tree)).isEqualTo(tree);
    }

    @Test
    void refusesReferencesThatNeverEnd() {
        for (String schema : new String[]{"{\"$ref\":\"#\"}",
                "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}"}) {
            assertThatThrownBy(() -> checker.canonicalize(schema)).isInstanceOf(InvalidEventSchemaException.class);
        }
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

    /**
     * A schema server that answers, with a schema that would be valid: had the checker fetched it, the schema would
     * have been accepted. It is refused, wherever the reference sits, and the server is never asked.
     */
    @Test
    void refusesARemoteReferenceWithoutFetchingIt() {
        try (SchemaServer server = new SchemaServer("{\"type\":\"object\"}")) {
            String remote = server.address();
            assertThatThrownBy(() -> checker.canonicalize("{\"$ref\":\"" + remote + "\"}"))
                    .isInstanceOf(InvalidEventSchemaException.class);
            assertThatThrownBy(() -> checker.canonicalize(
                    "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + remote + "#/x\"}}}"))
                    .isInstanceOf(InvalidEventSchemaException.class);
            assertThatThrownBy(() -> checker.canonicalize("{\"$defs\":{\"x\":{\"$ref\":\"" + remote + "\"}},"
                    + "\"properties\":{\"a\":{\"items\":{\"$ref\":\"#/$defs/x\"}}}}"))
                    .isInstanceOfSatisfying(InvalidEventSchemaException.class,
                            e -> assertThat(e.problems()).singleElement().asString().startsWith("schema cannot be used"));
            assertThat(server.requests()).as("requests the schema server received").isZero();
        }
    }
}
