package io.airssys.wasm.benchmarks;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.WasmEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling a 1 MiB module (read, capped and compiled by the engine) on each engine; each
 * compile is fresh (a new name and bytes that differ in one constant, so no cache can answer).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(3)
public class DeployBenchmark {

    @State(Scope.Benchmark)
    public static class Engines {
        @Param({"wasmtime", "chicory"})
        public String engine;

        WasmEngine wasmEngine;
        byte[] module;
        int round;

        @Setup(Level.Trial)
        public void setUp() {
            wasmEngine = EngineModules.engine(engine);
            module = Fixtures.largeModule(1 << 20);
        }

        /** A module never compiled before: its last function's last constant changes each time. */
        @Setup(Level.Invocation)
        public void freshBytes() {
            module[module.length - 4] = (byte) (0x40 + (round++ % 0x3F)); // a one-byte i32.const k
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            wasmEngine.close();
        }
    }

    @Benchmark
    public String compileOneMebibyte(Engines state) {
        try (CompiledModule module = state.wasmEngine.compile("large@1.0.0", state.module, ModuleLimits.DEFAULT)) {
            return module.engineDescription();
        }
    }
}
