package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.StandardNames;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.engine.TrapKind;
import io.airssys.wasm.engine.WasmTrapException;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules named by the Component Model's wasm32 build target ({@code cm32p2|...}) serve like legacy-named ones. */
class StandardNamesTest {

    private static final String WIT = """
            package acme:greet@1.2.3;

            interface greeter {
                greet: func(name: string) -> string;
            }

            world greeter-world {
                import airssys:core/host-services@1.0.0;
                export greeter;
                export clock: func() -> u64;
            }
            """;

    /** greet(name) returns name itself; the post-return counts calls; clock() asks the host for the time. */
    private static final String WAT = """
            (module
              (import "cm32p2|airssys:core/host-services@1" "current-time-millis" (func $now (result i64)))
              (memory (export "cm32p2_memory") 1)
              (global $heap (mut i32) (i32.const 4096))
              (global $posts (mut i32) (i32.const 0))
              (global $initialized (mut i32) (i32.const 0))
              (func (export "cm32p2_realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32)
                (local.set $p (global.get $heap))
                (global.set $heap (i32.add (global.get $heap) (local.get 3)))
                (local.get $p))
              (func (export "cm32p2_initialize") (global.set $initialized (i32.const 1)))
              (func (export "cm32p2|acme:greet/greeter@1|greet") (param i32 i32) (result i32)
                (if (i32.eqz (global.get $initialized)) (then unreachable))
                (i32.store (i32.const 64) (local.get 0))
                (i32.store (i32.const 68) (local.get 1))
                (i32.const 64))
              (func (export "cm32p2|acme:greet/greeter@1|greet_post") (param i32)
                (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
              (func (export "cm32p2||clock") (result i64) (call $now))
            )
            """;

    /** Modules made by jco (the npm package that bundles wasm-tools); jco/build.sh rebuilds them. */
    private static final Path JCO = Path.of("src/test/resources/jco");

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry).build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void servesAModuleNamedByTheWasm32BuildTarget() {
        ComponentHandle greeter = runtime.deploy(artifact(WAT));

        assertThat(greeter.invoke("acme:greet/greeter@1.2.3#greet", String.class, "Ada"))
                .isEqualTo("Ada");
        assertThat(greeter.invoke("greet", String.class, "Grace")).isEqualTo("Grace");
        long before = System.currentTimeMillis();
        assertThat((Long) greeter.invoke("clock", Long.class)).isBetween(before - 1_000, before + 60_000);
    }

    @Test
    void refusesAStandardImportOfAnInterfaceNobodyDefines() {
        String wat = WAT.replace(
                "(import \"cm32p2|airssys:core/host-services@1\" \"current-time-millis\" (func $now (result i64)))",
                "(import \"cm32p2|wasi:cli/environment@0.2\" \"get-arguments\" (func $args (param i32)))"
                        + "(func $now (result i64) (i64.const 0))");

        assertThatThrownBy(() -> runtime.deploy(artifact(wat)))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("greeter@1.0.0")
                .hasMessageContaining("cm32p2|wasi:cli/environment@0.2")
                .hasMessageContaining("neither the component's WIT nor the host defines");
    }

    @Test
    void refusesAModuleThatExportsTheSameThingUnderBothNames() {
        String wat = WAT.replace(
                "(memory (export \"cm32p2_memory\") 1)", "(memory (export \"cm32p2_memory\") (export \"memory\") 1)");

        assertThatThrownBy(() -> runtime.deploy(artifact(wat)))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("exports both cm32p2_memory and memory");
    }

    @Test
    void refusesAComponentBinaryAndSaysWhatToDeployInstead() {
        byte[] component = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

        assertThatThrownBy(() -> runtime.deploy(component))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("WebAssembly component")
                .hasMessageContaining("not a core module")
                .hasMessageContaining("wasm-tools component new");
    }

    @Test
    void admitsTheModuleJcoGeneratesForAWorldAndWiresEachExportToItsFunction() throws IOException {
        String manifest =
                "[component]\nid = \"standard\"\nversion = \"1.0.0\"\n" + "world = \"local:standard/standard@0.2.1\"\n";
        byte[] module = CustomSectionEditor.append(jcoFixture("standard-dummy.wasm"), "airssys:manifest", manifest);
        ComponentHandle standard = runtime.deploy(
                CustomSectionEditor.append(module, "airssys:wit", Files.readString(JCO.resolve("standard.wit"))));

        // jco's dummy functions are all `unreachable`: a trap in the right one shows the name was mapped
        assertThatThrownBy(() -> standard.invoke("local:standard/api@0.2.1#add", 1, 2))
                .isInstanceOf(WasmTrapException.class)
                .hasMessageContaining("local:standard/api@0.2.1#add")
                .satisfies(e -> assertThat(((WasmTrapException) e).kind()).isEqualTo(TrapKind.UNREACHABLE));
        assertThatThrownBy(() -> standard.invoke("version"))
                .isInstanceOf(WasmTrapException.class)
                .hasMessageContaining("'version'");
    }

    @Test
    void refusesTheComponentJcoMakesOfThatModule() {
        assertThatThrownBy(() -> runtime.deploy(jcoFixture("standard-component.wasm")))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("this is a WebAssembly component")
                .hasMessageContaining("deploy the core module");
    }

    private static byte[] jcoFixture(String name) {
        try {
            return Files.readAllBytes(JCO.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shortensInterfaceVersionsAsTheBuildTargetDoes() {
        assertThat(StandardNames.canonicalInterfaceName("a:b/c")).isEqualTo("a:b/c");
        assertThat(StandardNames.canonicalInterfaceName("a:b/c@1.2.3+alpha")).isEqualTo("a:b/c@1");
        assertThat(StandardNames.canonicalInterfaceName("a:b/c@0.1.2+alpha")).isEqualTo("a:b/c@0.1");
        assertThat(StandardNames.canonicalInterfaceName("a:b/c@0.0.1+alpha")).isEqualTo("a:b/c@0.0.1");
        assertThat(StandardNames.canonicalInterfaceName("a:b/c@1.2.3-nightly+alpha"))
                .isEqualTo("a:b/c@1.2.3-nightly");
    }

    private static byte[] artifact(String wat) {
        String manifest =
                "[component]\nid = \"greeter\"\nversion = \"1.0.0\"\n" + "world = \"acme:greet/greeter-world@1.2.3\"\n";
        byte[] module = CustomSectionEditor.append(Wat.compile(wat), "airssys:manifest", manifest);
        return CustomSectionEditor.append(module, "airssys:wit", WIT);
    }
}
