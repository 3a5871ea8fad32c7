package io.airssys.wasm.engine.wasmtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.engine.spi.EngineTrap;
import io.airssys.wasm.testing.Wat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls through the scratch area give exactly what direct calls give, for every number type. */
class ScratchCallsTest {

    /** A bump allocator that counts its calls; {@code $next} decides what it answers. */
    private static byte[] module(String firstAllocation) {
        return Wat.compile("""
                (module
                  (memory (export "memory") 1)
                  (global $next (mut i32) (i32.const %s))
                  (global $allocations (mut i32) (i32.const 0))
                  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                    (global.set $allocations (i32.add (global.get $allocations) (i32.const 1)))
                    (global.get $next)
                    (global.set $next (i32.add (global.get $next) (local.get 3))))
                  (func (export "allocations") (result i32) (global.get $allocations))
                  (func (export "mix") (param i32 i64 f32 f64) (result f64 i32 i64 f32)
                    (local.get 3) (local.get 0) (local.get 1) (local.get 2))
                  (func (export "trap") (param i32) (result i32) (unreachable))
                  (func (export "nothing")))
                """.formatted(firstAllocation));
    }

    private static Object[] mixArgs() {
        return new Object[] {-7, Long.MIN_VALUE + 3, Float.intBitsToFloat(0x7FC0_0001), -0.0d};
    }

    private static void assertMixed(Object[] results) {
        assertThat(results).hasSize(4);
        assertThat(Double.doubleToRawLongBits((Double) results[0])).isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThat(results[1]).isEqualTo(-7);
        assertThat(results[2]).isEqualTo(Long.MIN_VALUE + 3);
        assertThat(Float.floatToRawIntBits((Float) results[3])).isEqualTo(0x7FC0_0001);
    }

    @Test
    void passesEveryNumberTypeThroughTheScratchAreaAllocatedOnce() {
        try (WasmtimeBackend backend = new WasmtimeBackend(EngineSettings.defaults());
                BackendModule module = backend.compile("mix@1.0.0", module("1024"));
                BackendInstance instance = module.instantiate(List.of(), null, Duration.ofSeconds(1))) {
            instance.startCall(Duration.ofSeconds(1));
            for (int i = 0; i < 3; i++) {
                assertMixed(instance.call("mix", mixArgs()));
                assertThat(instance.call("nothing", new Object[0])).isEmpty();
            }

            assertThat(instance.call("allocations", new Object[0])).containsExactly(1);
        }
    }

    @Test
    void anAllocatorAnsweringNonsenseGetsDirectCallsThatStillWork() {
        for (String nonsense : List.of("0", "3", "65530", "-8")) {
            try (WasmtimeBackend backend = new WasmtimeBackend(EngineSettings.defaults());
                    BackendModule module = backend.compile("mix@1.0.0", module(nonsense));
                    BackendInstance instance = module.instantiate(List.of(), null, Duration.ofSeconds(1))) {
                instance.startCall(Duration.ofSeconds(1));

                assertMixed(instance.call("mix", mixArgs()));
                assertMixed(instance.call("mix", mixArgs()));
                assertThat(instance.call("allocations", new Object[0]))
                        .as("allocated once, at %s, then never tried again", nonsense)
                        .containsExactly(1);
            }
        }
    }

    @Test
    void aTrapThroughATrampolineIsReportedAsTheTrapItIs() {
        try (WasmtimeBackend backend = new WasmtimeBackend(EngineSettings.defaults());
                BackendModule module = backend.compile("mix@1.0.0", module("1024"));
                BackendInstance instance = module.instantiate(List.of(), null, Duration.ofSeconds(1))) {
            instance.startCall(Duration.ofSeconds(1));

            assertThatThrownBy(() -> instance.call("trap", new Object[] {1}))
                    .isInstanceOfSatisfying(
                            EngineTrap.class,
                            trap -> assertThat(trap.kind()).isEqualTo(io.airssys.wasm.engine.TrapKind.UNREACHABLE));
        }
    }

    @Test
    void aModuleWithoutAnAllocatorIsCalledDirectly() {
        byte[] noAllocator =
                Wat.compile("(module (memory (export \"memory\") 1) (func (export \"add\") (param i32 i32) (result i32)"
                        + " (i32.add (local.get 0) (local.get 1))))");
        try (WasmtimeBackend backend = new WasmtimeBackend(EngineSettings.defaults());
                BackendModule module = backend.compile("add@1.0.0", noAllocator);
                BackendInstance instance = module.instantiate(List.of(), null, Duration.ofSeconds(1))) {
            instance.startCall(Duration.ofSeconds(1));

            assertThat(instance.call("add", new Object[] {2, 3})).containsExactly(5);
        }
    }
}
