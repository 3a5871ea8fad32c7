package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fuel: a per-call instruction budget that ends a call the same way, at the same count, on every engine. */
class FuelTest {

    /**
     * spin(n) costs 2 + 7n: the function body outside its loop is the loop instruction and the
     * final end; each iteration runs the loop's seven instructions, its end included.
     */
    private static final byte[] SPINNER = Wat.compile("""
            (module
              (func (export "spin") (param $n i32)
                (loop $again
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $again (local.get $n))))
              (func (export "forever") (loop $l (br $l)))
              (func $deeper (export "recurse") (call $deeper)))
            """);

    private static WasmEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = WasmEngine.create();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    private static InstancePool pool(long fuel) {
        CompiledModule module = engine.compile("spinner@1.0.0", SPINNER, ModuleLimits.DEFAULT.withFuelPerCall(fuel));
        return new InstancePool(module, List.of(), PoolSettings.defaults().withCallTimeout(Duration.ofSeconds(20)));
    }

    @Test
    void aCallWithinItsBudgetCompletesAndOneInstructionMoreTraps() {
        try (InstancePool exact = pool(2 + 7 * 1_000)) {
            exact.call("spin", 1_000);
            exact.call("spin", 1_000); // the budget is per call, refilled each time
        }
        try (InstancePool oneShort = pool(1 + 7 * 1_000)) {
            assertThatThrownBy(() -> oneShort.call("spin", 1_000))
                    .isInstanceOfSatisfying(WasmTrapException.class, trap -> {
                        assertThat(trap.kind()).isEqualTo(TrapKind.FUEL_EXHAUSTED);
                        assertThat(trap.module()).isEqualTo("spinner@1.0.0");
                        assertThat(trap.function()).isEqualTo("spin");
                    })
                    .hasMessageContaining("the call used more than its 7001 fuel");
            oneShort.call("spin", 999); // a fresh instance replaces the trapped one
        }
    }

    @Test
    void stopsAnEndlessLoopLongBeforeItsDeadline() {
        try (InstancePool pool = pool(5_000_000)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> pool.call("forever"))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            trap -> assertThat(trap.kind()).isEqualTo(TrapKind.FUEL_EXHAUSTED));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void chargesEachFunctionEntrySoRecursionRunsOutToo() {
        try (InstancePool pool = pool(1_000)) {
            assertThatThrownBy(() -> pool.call("recurse"))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            trap -> assertThat(trap.kind()).isEqualTo(TrapKind.FUEL_EXHAUSTED));
        }
    }

    @Test
    void anOrdinaryUnreachableIsStillReportedAsSuch() {
        byte[] module = Wat.compile("(module (func (export \"boom\") unreachable))");
        try (CompiledModule compiled =
                        engine.compile("boom@1.0.0", module, ModuleLimits.DEFAULT.withFuelPerCall(1_000));
                InstancePool pool = new InstancePool(compiled, List.of(), PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("boom"))
                    .isInstanceOfSatisfying(
                            WasmTrapException.class,
                            trap -> assertThat(trap.kind()).isEqualTo(TrapKind.UNREACHABLE));
        }
    }

    @Test
    void meteringAddsNothingTheComponentOrItsCallersCanSee() {
        try (CompiledModule module =
                engine.compile("spinner@1.0.0", SPINNER, ModuleLimits.DEFAULT.withFuelPerCall(10))) {
            assertThat(module.exportedFunctions()).containsOnlyKeys("spin", "forever", "recurse");
        }
    }

    @Test
    void theEngineAcceptsACompiledCProgramOnceMetered() throws IOException {
        byte[] program;
        try (InputStream in = getClass().getResourceAsStream("/wasm/c/wasi_files.wasm")) {
            program = in.readAllBytes();
        }

        try (CompiledModule module =
                engine.compile("wasi-files@1.0.0", program, ModuleLimits.DEFAULT.withFuelPerCall(1_000_000))) {
            assertThat(module.exportedFunctions()).containsKey("write-and-read");
        }
    }

    @Test
    void unmeteredModulesAreLeftAsTheyAre() {
        try (InstancePool pool = pool(ModuleLimits.UNMETERED)) {
            pool.call("spin", 1_000_000);
        }
    }

    @Test
    void aModuleTheInstrumenterCannotReadIsRejectedNamingIt() {
        // i64.const -1; global.set 0 in a module without globals: after instrumenting, 0 would be the counter
        byte[] reachesForTheCounter = {
            0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 0x42, 0x7F, 0x24, 0, 0x0B
        };

        assertThatThrownBy(() ->
                        engine.compile("sneaky@1.0.0", reachesForTheCounter, ModuleLimits.DEFAULT.withFuelPerCall(10)))
                .isInstanceOf(ModuleRejectedException.class)
                .hasMessageContaining("'sneaky@1.0.0' was rejected: it cannot be metered for fuel")
                .hasMessageContaining("refers to global 0");
    }
}
