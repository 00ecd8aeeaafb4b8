package io.webjobs.orchestrator.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Quartz is the schedule benchmark's baseline, nothing more: the product never schedules through it. */
@AnalyzeClasses(packages = "io.webjobs", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchDependenciesTest {

    @ArchTest
    static final ArchRule shouldUseQuartzOnlyAsTheScheduleBaseline = noClasses()
            .that().doNotHaveFullyQualifiedName(QuartzSchedules.class.getName())
            .should().dependOnClassesThat().resideInAPackage("org.quartz..")
            .because("Quartz is a bench-only dependency (the baseline of `webjobs bench schedules`)");
}
