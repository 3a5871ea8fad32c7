package io.airssys.wasm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of the core's packages (docs/architecture.md), enforced. */
class ArchitectureTest {

    private static final String[] ABOVE_ENGINE = {
        "io.airssys.wasm.runtime..",
        "io.airssys.wasm.deployment..",
        "io.airssys.wasm.registry..",
        "io.airssys.wasm.messaging.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.airssys.wasm");
    }

    @Test
    void theCoreDoesNotDependOnSpring() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .because("the runtime must be usable without Spring")
                .check(classes);
    }

    @Test
    void binaryReaderDependsOnNoOtherLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm.binary..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(ABOVE_ENGINE, "io.airssys.wasm.engine.."))
                .check(classes);
    }

    @Test
    void engineNeverCallsUp() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ABOVE_ENGINE)
                .because("lower layers publish events instead of calling up")
                .check(classes);
    }

    @Test
    void witModelDependsOnNoOtherLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm.wit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(
                        ABOVE_ENGINE, "io.airssys.wasm.engine..", "io.airssys.wasm.binary..", "io.airssys.wasm.abi.."))
                .because("WIT is a pure model that tools can use without an engine")
                .check(classes);
    }

    @Test
    void abiNeverCallsUp() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm.abi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ABOVE_ENGINE)
                .check(classes);
    }

    @Test
    void servicesBelowTheRuntimeNeverCallUp() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.airssys.wasm.messaging..",
                        "io.airssys.wasm.storage..",
                        "io.airssys.wasm.registry..",
                        "io.airssys.wasm.deployment..",
                        "io.airssys.wasm.host..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.airssys.wasm.runtime..")
                .because("data flows one way: autoconfigure -> runtime -> services; services publish events instead")
                .check(classes);
    }

    @Test
    void onlyTheWasmtimeBackendTouchesWasmtime() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm..")
                .and()
                .resideOutsideOfPackage("io.airssys.wasm.engine.wasmtime..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.kawamuray.wasmtime..")
                .because("io.airssys.wasm.engine.wasmtime is the one boundary with wasmtime-java")
                .check(classes);
    }

    @Test
    void onlyTheChicoryBackendTouchesChicory() {
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm..")
                .and()
                .resideOutsideOfPackage("io.airssys.wasm.engine.chicory..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.dylibso.chicory..")
                .because("io.airssys.wasm.engine.chicory is the one boundary with Chicory")
                .check(classes);
    }

    @Test
    void theEngineNeutralSideKnowsNoEngineImplementation() {
        noClasses()
                .that()
                .resideInAnyPackage("io.airssys.wasm.engine", "io.airssys.wasm.engine.spi")
                .and()
                .doNotHaveSimpleName("WasmEngine")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.airssys.wasm.engine.wasmtime..", "io.airssys.wasm.engine.chicory..")
                .because("engines are reached only through the SPI; WasmEngine alone picks one")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.airssys.wasm..")
                .and()
                .resideOutsideOfPackage("io.airssys.wasm.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.airssys.wasm.engine.spi..",
                        "io.airssys.wasm.engine.wasmtime..",
                        "io.airssys.wasm.engine.chicory..")
                .because("the rest of the runtime uses the engine-neutral API only")
                .check(classes);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
