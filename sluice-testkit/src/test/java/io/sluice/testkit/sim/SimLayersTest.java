package io.sluice.testkit.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The simulator reuses the plan and the operator logic and replaces the channel and actor layers:
 * it must not reach into those, nor into Pekko (ArchUnit reads the bytecode).
 */
class SimLayersTest {

    @Test
    void theSimulatorUsesThePlanAndTheLogicButNoActorChannelOrPekko() {
        JavaClasses sim = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sluice.testkit.sim");
        noClasses().that().resideInAPackage("io.sluice.testkit.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..", "com.typesafe..",
                        "io.sluice.runtime.actor..", "io.sluice.runtime.channel..", "io.sluice.runtime.wire..",
                        "io.sluice.runtime.node..", "io.sluice.runtime.scope..", "io.sluice.deploy..")
                .check(sim);
    }
}
