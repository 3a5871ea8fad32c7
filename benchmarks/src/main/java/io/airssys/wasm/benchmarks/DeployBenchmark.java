package io.airssys.wasm.benchmarks;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.WasmEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
 * Compiling a 1 MiB module (read, capped and compiled by the engine) on each engine: a deploy,
 * whose bytes are always new (one constant differs each time, so no cache can answer), and a
 * restart, where a new engine compiles the module it compiled before, with the compile cache
 * filled by the previous start or without one.
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

        /**
         * A module never compiled before: the last constant of its last function changes each
         * time (the second byte of its LEB128, kept below 0x40; the body ends with {@code i32.add,
         * local.set 0, local.get 0, end}).
         */
        @Setup(Level.Invocation)
        public void freshBytes() {
            module[module.length - 7] = (byte) (1 + round++ % 0x3F);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            wasmEngine.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Restart {
        @Param({"wasmtime", "chicory"})
        public String engine;

        @Param({"none", "filled"})
        public String cache;

        byte[] module;
        Path cacheDirectory;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            module = Fixtures.largeModule(1 << 20);
            cacheDirectory = Files.createTempDirectory("airssys-wasm-bench-cache");
            startAndCompile(this); // the previous start
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try (var files = Files.walk(cacheDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A new engine, with the cache if the state uses one, compiling the module again. */
    static String startAndCompile(Restart state) {
        EngineSettings settings = EngineModules.settings(state.engine);
        if (state.cache.equals("filled")) {
            settings = settings.withCompileCache(state.cacheDirectory);
        }
        try (WasmEngine engine = WasmEngine.create(settings);
                CompiledModule module = engine.compile("large@1.0.0", state.module, ModuleLimits.DEFAULT)) {
            return module.engineDescription();
        }
    }

    @Benchmark
    public String restartOneMebibyte(Restart state) {
        return startAndCompile(state);
    }

    @Benchmark
    public String compileOneMebibyte(Engines state) {
        try (CompiledModule module = state.wasmEngine.compile("large@1.0.0", state.module, ModuleLimits.DEFAULT)) {
            return module.engineDescription();
        }
    }
}
