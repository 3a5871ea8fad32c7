package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.experimental.aot.AotMachineFactory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import java.time.Duration;
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
 * Guest compute against plain Java doing the same work: recursive {@code fib(25)} and a bitwise
 * CRC-32 of 64 KiB. Through the library on each engine, with and without a fuel budget (which
 * instruments the module), and on each engine's own API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ComputeBenchmark {

    static final int FIB_N = 25;
    static final int CRC_BYTES = 65536;

    @State(Scope.Benchmark)
    public static class Library {
        @Param({"wasmtime", "chicory"})
        public String engine;

        @Param({"unmetered", "metered"})
        public String fuel;

        WasmEngine wasmEngine;
        CompiledModule module;
        InstancePool pool;

        @Setup(Level.Trial)
        public void setUp() {
            wasmEngine = EngineModules.engine(engine);
            ModuleLimits limits = fuel.equals("metered")
                    ? ModuleLimits.DEFAULT.withFuelPerCall(Long.MAX_VALUE / 2)
                    : ModuleLimits.DEFAULT;
            module = wasmEngine.compile("compute@1.0.0", Fixtures.wasm(Fixtures.COMPUTE_WAT), limits);
            pool = new InstancePool(module, List.of(), PoolSettings.defaults().withCallTimeout(Duration.ofSeconds(10)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
            module.close();
            wasmEngine.close();
        }
    }

    @State(Scope.Thread)
    public static class RawWasmtime {
        Engine engine;
        Store<Void> store;
        Func fib;
        Func crc;

        @Setup(Level.Trial)
        public void setUp() {
            Fixtures.loadWasmtimeLibrary();
            engine = new Engine(new Config().epochInterruption(true));
            store = new Store<>(null, engine);
            store.setEpochDeadline(Long.MAX_VALUE / 2);
            Instance instance =
                    new Instance(store, Module.fromBinary(engine, Fixtures.wasm(Fixtures.COMPUTE_WAT)), List.of());
            instance.getFunc(store, "_initialize").orElseThrow().call(store);
            fib = instance.getFunc(store, "fib").orElseThrow();
            crc = instance.getFunc(store, "crc32").orElseThrow();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.dispose();
            engine.dispose();
        }
    }

    @State(Scope.Thread)
    public static class RawChicory {
        ExportFunction fib;
        ExportFunction crc;

        @Setup(Level.Trial)
        public void setUp() {
            WasmModule module = Parser.parse(Fixtures.wasm(Fixtures.COMPUTE_WAT));
            com.dylibso.chicory.runtime.Instance instance = com.dylibso.chicory.runtime.Instance.builder(module)
                    .withMachineFactory(new AotMachineFactory(module))
                    .build();
            instance.export("_initialize").apply();
            fib = instance.export("fib");
            crc = instance.export("crc32");
        }
    }

    @State(Scope.Thread)
    public static class PlainJava {
        byte[] data = Fixtures.crcInput();
    }

    @Benchmark
    public int fibPlainJava() {
        return Fixtures.plainFib(FIB_N);
    }

    @Benchmark
    public Object fibLibrary(Library state) {
        return state.pool.call("fib", FIB_N)[0];
    }

    @Benchmark
    public int fibRawWasmtimeJava(RawWasmtime state) {
        return state.fib.call(state.store, Val.fromI32(FIB_N))[0].i32();
    }

    @Benchmark
    public long fibRawChicoryCompiled(RawChicory state) {
        return state.fib.apply(FIB_N)[0];
    }

    @Benchmark
    public int crcPlainJava(PlainJava state) {
        return Fixtures.plainCrc32(state.data);
    }

    @Benchmark
    public Object crcLibrary(Library state) {
        return state.pool.call("crc32", 0, CRC_BYTES)[0];
    }

    @Benchmark
    public int crcRawWasmtimeJava(RawWasmtime state) {
        return state.crc.call(state.store, Val.fromI32(0), Val.fromI32(CRC_BYTES))[0].i32();
    }

    @Benchmark
    public long crcRawChicoryCompiled(RawChicory state) {
        return state.crc.apply(0, CRC_BYTES)[0];
    }
}
