package com.volcanion.tracking.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layer rules of docs/architecture.md, checked on the compiled production classes of all four modules: what each
 * layer may import (allow-lists, so a new library has to be let in on purpose), and no package cycles.
 */
class ArchitectureTest {

    private static final String DOMAIN = "com.volcanion.tracking.domain..";
    private static final String APPLICATION = "com.volcanion.tracking.application..";
    private static final String INFRASTRUCTURE = "com.volcanion.tracking.infrastructure..";
    private static final String API = "com.volcanion.tracking.api..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("com.volcanion.tracking");
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.volcanion.tracking.domain", "com.volcanion.tracking.application",
            "com.volcanion.tracking.infrastructure", "com.volcanion.tracking.api"})
    void everyLayerTheRulesNameHasClasses(String layer) {
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(layer))).isNotEmpty();
    }

    @Test
    void theDomainUsesOnlyJava() {
        ArchRule rule = noClasses().that().resideInAPackage(DOMAIN).should().dependOnClassesThat()
                .resideOutsideOfPackages(DOMAIN, "java..");
        rule.check(classes);
    }

    @Test
    void theApplicationUsesOnlyTheDomainJavaAndTransactionDemarcation() {
        classes().that().resideInAPackage(APPLICATION).should().onlyDependOnClassesThat()
                .resideInAnyPackage(APPLICATION, DOMAIN, "java..", "jakarta.transaction..")
                .check(classes);
    }

    @Test
    void theApiUsesTheApplicationAndTheWebStack() {
        classes().that().resideInAPackage(API).should().onlyDependOnClassesThat()
                .resideInAnyPackage(API, APPLICATION, DOMAIN, "java..", "jakarta.servlet..", "org.springframework..",
                        "io.swagger..", "org.springdoc..", "tools.jackson..", "com.fasterxml.jackson.annotation..",
                        "io.micrometer..", "io.prometheus.metrics.tracer.common..", "org.slf4j..",
                        "org.apache.tomcat.util.http..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.volcanion.tracking.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("com.volcanion.tracking.infrastructure.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("com.volcanion.tracking.application.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("com.volcanion.tracking.api.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("com.volcanion.tracking.domain.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainAndApplicationDoNotReachOutward() {
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION).should().dependOnClassesThat()
                .resideInAnyPackage(INFRASTRUCTURE, API)
                .check(classes);
    }

    @Test
    void theApiNeverImportsAnAdapter() {
        noClasses().that().resideInAPackage(API).should().dependOnClassesThat().resideInAPackage(INFRASTRUCTURE)
                .check(classes);
    }

    @Test
    void infrastructureDoesNotDependOnTheApi() {
        noClasses().that().resideInAPackage(INFRASTRUCTURE).should().dependOnClassesThat().resideInAPackage(API)
                .check(classes);
    }
}
