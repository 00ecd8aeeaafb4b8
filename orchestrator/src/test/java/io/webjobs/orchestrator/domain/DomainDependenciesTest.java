package io.webjobs.orchestrator.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain is pure: no Kafka, no HTTP server, no HTTP client; the edges adapt to it. */
@AnalyzeClasses(packages = "io.webjobs.orchestrator.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainDependenciesTest {

    @ArchTest
    static final ArchRule shouldDependOnNoKafkaAndNoHttp = noClasses()
            .that().resideInAPackage("io.webjobs.orchestrator.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.javalin..", "java.net.http..")
            .because("the domain is pure: Kafka and HTTP live in the topology and API edges");
}
