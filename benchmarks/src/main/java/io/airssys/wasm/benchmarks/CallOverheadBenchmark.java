package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.Parser;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one call of {@code add(i32, i32)} costs: plain Java, Chicory (a wasm interpreter in pure
 * Java), raw wasmtime-java on one store, and airssys-wasm's pooled call (acquire an instance,
 * set the epoch deadline, convert values, translate traps, release).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallOverheadBenchmark {

    private int a = 20;
    private int b = 22;

    private Engine rawEngine;
    private Store<Void> rawStore;
    private Func rawAdd;

    private ExportFunction chicoryAdd;

    private WasmEngine engine;
    private CompiledModule module;
    private InstancePool pool;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] wasm = Fixtures.module();
        // first, so wasmtime-java's native library comes from airssys-wasm's cache, not a new temp copy
        engine = WasmEngine.create();
        rawEngine = new Engine(new Config().epochInterruption(true));
        Module rawModule = Module.fromBinary(rawEngine, wasm);
        rawStore = new Store<>(null, rawEngine);
        rawStore.setEpochDeadline(Long.MAX_VALUE / 2);
        Instance instance = new Instance(rawStore, rawModule, List.of());
        rawAdd = instance.getFunc(rawStore, "add").orElseThrow();

        chicoryAdd = com.dylibso.chicory.runtime.Instance.builder(Parser.parse(wasm))
                .build()
                .export("add");

        module = engine.compile("bench@1.0.0", wasm, ModuleLimits.DEFAULT);
        pool = new InstancePool(module, List.of(), PoolSettings.defaults());
        pool.warmUp(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        module.close();
        engine.close();
        rawStore.dispose();
        rawEngine.dispose();
    }

    @Benchmark
    public int plainJava() {
        return a + b;
    }

    @Benchmark
    public long chicoryInterpreter() {
        return chicoryAdd.apply(a, b)[0];
    }

    @Benchmark
    public int rawWasmtimeJava() {
        return rawAdd.call(rawStore, Val.fromI32(a), Val.fromI32(b))[0].i32();
    }

    @Benchmark
    public Object airssysPooledCall() {
        return pool.call("add", a, b)[0];
    }
}
