package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.experimental.aot.AotMachineFactory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import java.util.ArrayList;
import java.util.List;
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
 * A new instance of a compiled module with eight host imports, ready to call, then released:
 * through the library (a pool making one instance) on each engine, and each engine's own API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class InstantiationBenchmark {

    @State(Scope.Benchmark)
    public static class Library {
        @Param({"wasmtime", "chicory"})
        public String engine;

        WasmEngine wasmEngine;
        CompiledModule module;

        @Setup(Level.Trial)
        public void setUp() {
            wasmEngine = EngineModules.engine(engine);
            module = wasmEngine.compile("host@1.0.0", Fixtures.wasm(Fixtures.HOST_WAT), ModuleLimits.DEFAULT);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            module.close();
            wasmEngine.close();
        }
    }

    @State(Scope.Thread)
    public static class RawWasmtime {
        Engine engine;
        Module module;
        FuncType type;

        @Setup(Level.Trial)
        public void setUp() {
            Fixtures.loadWasmtimeLibrary();
            engine = new Engine(new Config().epochInterruption(true));
            module = Module.fromBinary(engine, Fixtures.wasm(Fixtures.HOST_WAT));
            type = new FuncType(new Val.Type[] {Val.Type.I32}, new Val.Type[] {Val.Type.I32});
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            module.dispose();
            engine.dispose();
        }
    }

    @State(Scope.Thread)
    public static class RawChicory {
        WasmModule module;
        AotMachineFactory machines;

        @Setup(Level.Trial)
        public void setUp() {
            module = Parser.parse(Fixtures.wasm(Fixtures.HOST_WAT));
            machines = new AotMachineFactory(module);
        }
    }

    @Benchmark
    public Object library(Library state) {
        try (InstancePool pool =
                new InstancePool(state.module, EngineModules.hostFunctions(), PoolSettings.defaults())) {
            pool.warmUp(1);
            return pool;
        }
    }

    @Benchmark
    public Object rawWasmtimeJava(RawWasmtime state) {
        Store<Void> store = new Store<>(null, state.engine);
        List<Func> funcs = new ArrayList<>();
        List<Extern> imports = new ArrayList<>();
        for (int i = 0; i < Fixtures.HOST_IMPORTS.length; i++) {
            Func func = new Func(store, state.type, (caller, params, results) -> {
                results[0] = Val.fromI32(params[0].i32() + 1);
            });
            funcs.add(func);
            imports.add(Extern.fromFunc(func));
        }
        Instance instance = new Instance(store, state.module, imports);
        instance.dispose();
        funcs.forEach(Func::dispose);
        store.dispose();
        return instance;
    }

    @Benchmark
    public Object rawChicoryCompiled(RawChicory state) {
        return com.dylibso.chicory.runtime.Instance.builder(state.module)
                .withImportValues(HostCallBenchmark.chicoryImports())
                .withMachineFactory(state.machines)
                .build();
    }
}
