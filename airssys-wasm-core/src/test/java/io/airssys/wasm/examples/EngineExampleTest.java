package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on its own, as {@code docs/runtime.md} shows it (the region between the tags). */
class EngineExampleTest {

    private static final byte[] CALCULATOR = Wat.compile("""
            (module
              (import "host" "add" (func $add (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hello from wasm")
              (func (export "add") (param i32 i32) (result i32)
                (call $add (local.get 0) (local.get 1))))
            """);

    @Test
    void compilesInstantiatesAndCallsAModuleWithAHostFunction() throws Exception {
        byte[] wasmBytes = CALCULATOR;

        String printed = PrintedOutput.of(() -> {
            // tag::engine[]
            try (WasmEngine engine = WasmEngine.create();
                    CompiledModule module =
                            engine.compile("calculator@1.0.0", wasmBytes, ModuleLimits.ofMemoryBytes(16 << 20));
                    InstancePool pool = new InstancePool(
                            module,
                            List.of(new HostFunction(
                                    "host",
                                    "add",
                                    new FunctionType(List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)),
                                    call -> new Object[] {call.intArg(0) + call.intArg(1)})),
                            PoolSettings.defaults().withMaxInstances(4).withCallTimeout(Duration.ofMillis(200)))) {

                Object[] sum = pool.call("add", 2, 40); // core values: Integer, Long, Float, Double
                String greeting = pool.withInstance(
                        instance -> { // several calls on one instance
                            instance.call("add", 1, 2);
                            return new String(instance.memory().orElseThrow().read(16, 15), StandardCharsets.US_ASCII);
                        });
                System.out.println(sum[0] + " " + greeting);
            }
            // end::engine[]
        });

        assertThat(printed).isEqualTo("42 hello from wasm" + System.lineSeparator());
    }
}
