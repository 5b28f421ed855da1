package dev.conveyor.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.beans.factory.annotation.Autowired;

/** The boundaries of Conveyor's modules and feature packages, as rules over the compiled main code. */
@AnalyzeClasses(packages = "dev.conveyor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule commonKnowsNeitherApp = noClasses().that().resideInAPackage("dev.conveyor.common..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.conveyor.gateway..", "dev.conveyor.worker..")
            .because("dependencies point one way: api-gateway -> common <- worker");

    @ArchTest
    static final ArchRule theGatewayNeverUsesWorkerCode = noClasses().that().resideInAPackage("dev.conveyor.gateway..")
            .should().dependOnClassesThat().resideInAPackage("dev.conveyor.worker..")
            .because("gateway and worker only share what is in common, and talk through Kafka");

    @ArchTest
    static final ArchRule theWorkerNeverUsesGatewayCode = noClasses().that().resideInAPackage("dev.conveyor.worker..")
            .should().dependOnClassesThat().resideInAPackage("dev.conveyor.gateway..")
            .because("gateway and worker only share what is in common, and talk through Kafka");

    @ArchTest
    static final ArchRule commonHasNoWebOrListenerCode = noClasses().that().resideInAPackage("dev.conveyor.common..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..",
                    "org.springframework.kafka..", "org.springframework.context..")
            .because("common holds contracts and pure logic that any process can use");

    @ArchTest
    static final ArchRule theStoreDoesNotKnowTheWebApi = noClasses().that().resideInAPackage("dev.conveyor.gateway.store..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.conveyor.gateway.jobs..", "org.springframework.web..")
            .because("the store is a projection of Kafka; the API is built on it, not the other way round");

    @ArchTest
    static final ArchRule onlyAuthKnowsSpringSecurity = noClasses().that().resideInAPackage("dev.conveyor.gateway..")
            .and().resideOutsideOfPackage("dev.conveyor.gateway.auth..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.security..",
                    "dev.conveyor.gateway.auth..")
            .because("features learn their caller through java.security.Principal; who may call what is auth's alone");

    @ArchTest
    static final ArchRule executionDoesNotKnowHowJobsArrive = noClasses().that()
            .resideInAPackage("dev.conveyor.worker.execution..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.conveyor.worker.consumption..",
                    "dev.conveyor.worker.jobtypes..")
            .because("running a job must not depend on Kafka consumption or on any one job type");

    @ArchTest
    static final ArchRule jobTypesOnlyUseTheExecutionContract = noClasses().that()
            .resideInAPackage("dev.conveyor.worker.jobtypes..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.conveyor.worker.consumption..",
                    "org.springframework.kafka..")
            .because("a job type is a plain executor; delivery is the engine's business");

    @ArchTest
    static final ArchRule noFieldInjection = noFields().should().beAnnotatedWith(Autowired.class)
            .because("dependencies come through constructors into final fields");

    @ArchTest
    static final ArchRule noPrinting = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("Conveyor logs through SLF4J, with the job id in the MDC");
}
