package io.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of Sluice, kept by its compiled classes (ArchUnit reads the bytecode, so a fully
 * qualified use counts as much as an import). This module sees every other module's main
 * classes, and the examples are the users' view.
 *
 * <p>Arrows point down the list {@link #LAYERS}: a layer may use the ones above it, never one
 * below. {@code plan}, {@code logic}, {@code channel} and {@code scope} use no Pekko, and the
 * examples use only the public API ({@code io.sluice.dataflow} and {@code io.sluice.deploy}).
 */
final class ArchitectureTest {

    /** Each layer's name and packages, from the lowest (used by all) to the highest. */
    private static final List<String[]> LAYERS = List.of(
            new String[] {"ir", "io.sluice.dataflow.ir..", "io.sluice.dataflow.spi.."},
            new String[] {"api", "io.sluice.dataflow"},
            new String[] {"plan", "io.sluice.plan.."},
            new String[] {"scope", "io.sluice.runtime.scope.."},
            new String[] {"logic", "io.sluice.runtime.logic.."},
            new String[] {"wire", "io.sluice.runtime.wire.."},
            new String[] {"channel", "io.sluice.runtime.channel.."},
            new String[] {"external", "io.sluice.runtime.external.."},
            new String[] {"snapshot", "io.sluice.runtime.snapshot.."},
            new String[] {"actor", "io.sluice.runtime.actor.."},
            new String[] {"node", "io.sluice.runtime.node.."},
            new String[] {"launch", "io.sluice.deploy.launch.."},
            new String[] {"deploy", "io.sluice.deploy"},
            new String[] {"cds", "io.sluice.deploy.cds.."},
            new String[] {"examples", "io.sluice.examples.."});

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // the backend's test helpers
                .importPackages("io.sluice");
    }

    @Test
    void everyLayerUsesOnlyTheLayersBelowIt() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : LAYERS) {
            layers = layers.layer(layer[0]).definedBy(Arrays.copyOfRange(layer, 1, layer.length));
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> l[0]).toArray(String[]::new);
            layers = layers.whereLayer(LAYERS.get(i)[0]).mayOnlyBeAccessedByLayers(above);
        }
        layers = layers.whereLayer("examples").mayNotBeAccessedByAnyLayer();
        layers.check(classes);
    }

    @Test
    void theApiImportsNeitherPekkoNorTheBackend() {
        noClasses().that().resideInAPackage("io.sluice.dataflow..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..", "com.typesafe..",
                        "io.sluice.plan..", "io.sluice.runtime..", "io.sluice.deploy..")
                .check(classes);
    }

    @Test
    void planLogicChannelAndScopeImportNoPekko() {
        noClasses().that().resideInAnyPackage("io.sluice.plan..", "io.sluice.runtime.logic..",
                        "io.sluice.runtime.channel..", "io.sluice.runtime.scope..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..")
                .check(classes);
    }

    @Test
    void examplesUseOnlyThePublicApi() {
        noClasses().that().resideInAPackage("io.sluice.examples..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sluice.dataflow.ir..", "io.sluice.dataflow.spi..",
                        "io.sluice.plan..", "io.sluice.runtime..", "io.sluice.deploy.launch..", "io.sluice.deploy.cds..")
                .check(classes);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.sluice.(**)").should().beFreeOfCycles().check(classes);
    }
}
