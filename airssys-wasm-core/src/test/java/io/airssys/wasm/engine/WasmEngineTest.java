package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.airssys.wasm.binary.WasmFormatException;
import io.airssys.wasm.testing.Wat;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WasmEngineTest {

    private static WasmEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = WasmEngine.create();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void compilesAModuleAndCapsItsMemory() {
        try (CompiledModule module =
                engine.compile("calc@1.0.0", Wat.fixture("calculator"), ModuleLimits.ofMemoryPages(8))) {
            assertThat(module.name()).isEqualTo("calc@1.0.0");
            assertThat(module.info().memories())
                    .singleElement()
                    .satisfies(memory -> assertThat(memory.maxPages()).hasValue(8));
        }
    }

    @Test
    void runsTheStartFunctionAtInstantiationButNotAnExportedStart() {
        byte[] wasm = Wat.compile("""
                (module
                  (global $state (mut i32) (i32.const 0))
                  (func $init (global.set $state (i32.add (global.get $state) (i32.const 1))))
                  (start $init)
                  (func (export "_start") (global.set $state (i32.const 100)))
                  (func (export "state") (result i32) (global.get $state)))
                """);
        try (CompiledModule module = engine.compile("started@1.0.0", wasm, ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
            assertThat(pool.call("state")).containsExactly(1);
        }
    }

    @Test
    void aStartFunctionThatNeverReturnsIsStoppedAtTheCallDeadline() {
        byte[] wasm = Wat.compile("(module (func $spin (loop $l (br $l))) (start $spin))");
        try (CompiledModule module = engine.compile("spinner@1.0.0", wasm, ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(
                        module, List.of(), PoolSettings.defaults().withCallTimeout(Duration.ofMillis(200)))) {
            long started = System.nanoTime();
            Throwable refused = catchThrowable(() -> pool.warmUp(1));

            assertThat(refused).isInstanceOf(WasmTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void rejectsMalformedBytesWithOffsetAndReason() {
        assertThatThrownBy(() -> engine.compile(
                        "bad@1.0.0", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 9}, ModuleLimits.DEFAULT))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("offset 8")
                .hasMessageContaining("section 1 declares 9 bytes");
    }

    @Test
    void rejectsAModuleThatImportsItsMemory() {
        byte[] importsMemory = Wat.compile("(module (import \"env\" \"memory\" (memory 1)))");

        assertThatThrownBy(() -> engine.compile("sneaky@0.1.0", importsMemory, ModuleLimits.DEFAULT))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("'sneaky@0.1.0' was rejected")
                .hasMessageContaining("imports its linear memory (env.memory (memory))");
    }

    @Test
    void rejectsAModuleWhoseInitialMemoryExceedsItsLimit() {
        byte[] big = Wat.compile("(module (memory 512))");

        assertThatThrownBy(() -> engine.compile("greedy@2.0.0", big, ModuleLimits.ofMemoryBytes(16L * 1024 * 1024)))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("initial memory of 512 pages (32 MiB), above its limit of 256 pages (16 MiB)");
    }

    @Test
    void rejectsAWellFormedButInvalidModule() {
        // one function of type [] -> [i32] whose body returns nothing
        byte[] invalid = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7F, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0B};

        assertThatThrownBy(() -> engine.compile("invalid@1.0.0", invalid, ModuleLimits.DEFAULT))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("'invalid@1.0.0' was rejected: the engine could not compile it");
    }

    @Test
    void corruptedModulesAreRefusedCleanlyNeverCrashTheJvm() {
        byte[] module = Wat.fixture("misbehaving");
        Random random = new Random(7);

        for (int i = 0; i < 1_500; i++) {
            byte[] corrupted = module.clone();
            corrupted[8 + random.nextInt(corrupted.length - 8)] = (byte) random.nextInt(256);
            Throwable thrown = catchThrowable(() ->
                    engine.compile("fuzz", corrupted, ModuleLimits.DEFAULT).close());
            if (thrown != null) {
                assertThat(thrown).isInstanceOfAny(WasmFormatException.class, ModuleRejectedException.class);
            }
        }
    }

    @Test
    void closedEngineRefusesWork() {
        WasmEngine closed = WasmEngine.create(new EngineSettings(Duration.ofMillis(5), 256 * 1024));
        closed.close();

        assertThat(closed.isClosed()).isTrue();
        assertThatThrownBy(() -> closed.compile("x", Wat.compile("(module)"), ModuleLimits.DEFAULT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void memoriesStayBelowTwoGibibytesSoTheHostCanAddressAllOfThem() {
        assertThatThrownBy(() -> ModuleLimits.ofMemoryPages(32_768)).isInstanceOf(IllegalArgumentException.class);
        byte[] huge = Wat.compile("(module (memory 32768))");

        assertThatThrownBy(() ->
                        engine.compile("huge@1.0.0", huge, ModuleLimits.ofMemoryPages(ModuleLimits.MAX_MEMORY_PAGES)))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("needs an initial memory of 32768 pages");
    }

    @Test
    void theLargestMemoryIsFullyAddressable() {
        byte[] growing = Wat.compile("""
                (module (memory (export "memory") 1)
                  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
                """);
        try (CompiledModule module = engine.compile(
                        "big@1.0.0", growing, ModuleLimits.ofMemoryPages(ModuleLimits.MAX_MEMORY_PAGES));
                InstancePool pool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
            long size = pool.withInstance(instance -> {
                assertThat(instance.call("grow", (int) ModuleLimits.MAX_MEMORY_PAGES - 1))
                        .containsExactly(1);
                assertThat(instance.call("grow", 1)).containsExactly(-1);
                GuestMemory memory = instance.memory().orElseThrow();
                memory.writeInt(memory.size() - 4, 42);
                assertThat(memory.readInt(memory.size() - 4)).isEqualTo(42);
                return memory.size();
            });
            assertThat(size).isEqualTo(ModuleLimits.MAX_MEMORY_PAGES * ModuleLimits.PAGE_SIZE);
        }
    }

    @Test
    void moreThanOneMemoryOrAnImportedTableIsRefused() {
        assertThatThrownBy(() -> engine.compile(
                        "tables@1.0.0",
                        Wat.compile("(module (import \"env\" \"t\" (table 1 funcref)))"),
                        ModuleLimits.DEFAULT))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("imports a table");
    }
}
