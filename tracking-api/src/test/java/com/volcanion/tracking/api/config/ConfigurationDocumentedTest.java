package com.volcanion.tracking.api.config;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's settings are read one way: {@code @ConfigurationProperties} records under {@code tracking.*}, in every
 * module. Each property they bind is in README.md's table, and application.properties sets no {@code tracking.*}
 * key that no record binds (a misspelt key would otherwise be ignored without a word).
 */
class ConfigurationDocumentedTest {

    private static List<String> properties;

    @BeforeAll
    static void propertiesTheRecordsBind() {
        properties = new ArrayList<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("com.volcanion.tracking").stream()
                .filter(type -> type.isAnnotatedWith(ConfigurationProperties.class))
                .map(JavaClass::reflect)
                .forEach(type -> collect(type.getAnnotation(ConfigurationProperties.class).value(), type, properties));
    }

    private static void collect(String prefix, Class<?> type, List<String> into) {
        assertThat(type.isRecord()).as(type + " is a record").isTrue();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord()) {
                collect(name, component.getType(), into);
            } else {
                into.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void everyRecordIsUnderTheTrackingTree() {
        assertThat(properties).isNotEmpty().allMatch(name -> name.startsWith("tracking."));
        assertThat(properties).contains("tracking.admin-token", "tracking.rate-limit.default-per-second",
                "tracking.projector.interval", "tracking.embedded.data-dir", "tracking.statistics.cache.max-staleness",
                "tracking.ingest.group-commit.queue-capacity");
    }

    @Test
    void readmeListsEveryProperty() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(properties).allSatisfy(name -> assertThat(readme).as("README.md's configuration table")
                .contains("| `" + name + "`"));
    }

    @Test
    void applicationPropertiesSetsNoTrackingKeyThatNothingReads() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        var keys = new TreeSet<String>();
        defaults.stringPropertyNames().stream().filter(key -> key.startsWith("tracking.")).forEach(keys::add);
        assertThat(properties).containsAll(keys);
    }
}
