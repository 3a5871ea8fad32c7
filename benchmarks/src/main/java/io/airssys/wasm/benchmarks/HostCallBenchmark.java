package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.experimental.aot.AotMachineFactory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.runtime.ComponentFunction;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One guest -> host call: the guest calls an {@code (i32) -> i32} host function {@value #CALLS}
 * times in a loop, so the result is per host call (the outer call is spread over them). Through
 * the library's {@code HostFunction} and through an application host interface (a Java object
 * bound to WIT) on each engine, against each engine's own host-function API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@OperationsPerInvocation(HostCallBenchmark.CALLS)
public class HostCallBenchmark {

    static final int CALLS = 1000;

    @State(Scope.Benchmark)
    public static class Library {
        @Param({"wasmtime", "chicory"})
        public String engine;

        WasmEngine wasmEngine;
        CompiledModule module;
        InstancePool pool;

        @Setup(Level.Trial)
        public void setUp() {
            wasmEngine = EngineModules.engine(engine);
            module = wasmEngine.compile("host@1.0.0", Fixtures.wasm(Fixtures.HOST_WAT), ModuleLimits.DEFAULT);
            pool = new InstancePool(module, EngineModules.hostFunctions(), PoolSettings.defaults());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
            module.close();
            wasmEngine.close();
        }
    }

    /** The application's interface: a Java object bound to WIT, called through a deployed component. */
    @State(Scope.Benchmark)
    public static class HostInterfaceCall {
        @Param({"wasmtime", "chicory"})
        public String engine;

        /** The application's implementation of bench:host/counter. */
        public static final class Counter {
            public int inc(int x) {
                return x + 1;
            }
        }

        TemporaryRuntime temporary;
        ComponentFunction<Integer> callHost;

        @Setup(Level.Trial)
        public void setUp() {
            WitInterface counter = WitParser.parse("counter.wit", Fixtures.COUNTER_WIT)
                    .findInterface("bench:host/counter@1.0.0")
                    .orElseThrow();
            temporary = new TemporaryRuntime(
                    EngineType.valueOf(engine.toUpperCase(Locale.ROOT)),
                    builder -> builder.hostInterface(HostInterface.bind(counter, new Counter()))
                            .grants(id -> Optional.of(CapabilitySet.of(new Capability.HostInterfaceImport(
                                    NamePattern.parse("bench:host/counter@1.0.0"))))));
            callHost = temporary
                    .runtime
                    .deploy(Fixtures.counterCallerArtifact(), DeploymentStrategy.immediate())
                    .function("call-host", Integer.class);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            temporary.close();
        }
    }

    @State(Scope.Thread)
    public static class RawWasmtime {
        Engine engine;
        Store<Void> store;
        Func callHost;

        @Setup(Level.Trial)
        public void setUp() {
            Fixtures.loadWasmtimeLibrary();
            engine = new Engine(new Config().epochInterruption(true));
            store = new Store<>(null, engine);
            store.setEpochDeadline(Long.MAX_VALUE / 2);
            FuncType type = new FuncType(new Val.Type[] {Val.Type.I32}, new Val.Type[] {Val.Type.I32});
            List<Extern> imports = new ArrayList<>();
            for (int i = 0; i < Fixtures.HOST_IMPORTS.length; i++) {
                imports.add(Extern.fromFunc(new Func(store, type, (caller, params, results) -> {
                    results[0] = Val.fromI32(params[0].i32() + 1);
                })));
            }
            Instance instance =
                    new Instance(store, Module.fromBinary(engine, Fixtures.wasm(Fixtures.HOST_WAT)), imports);
            callHost = instance.getFunc(store, "call-host").orElseThrow();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.dispose();
            engine.dispose();
        }
    }

    @State(Scope.Thread)
    public static class RawChicory {
        ExportFunction callHost;

        @Setup(Level.Trial)
        public void setUp() {
            WasmModule module = Parser.parse(Fixtures.wasm(Fixtures.HOST_WAT));
            callHost = com.dylibso.chicory.runtime.Instance.builder(module)
                    .withImportValues(chicoryImports())
                    .withMachineFactory(new AotMachineFactory(module))
                    .build()
                    .export("call-host");
        }
    }

    static ImportValues chicoryImports() {
        ImportValues.Builder imports = ImportValues.builder();
        for (String name : Fixtures.HOST_IMPORTS) {
            imports.addFunction(new com.dylibso.chicory.runtime.HostFunction(
                    "bench",
                    name,
                    List.of(com.dylibso.chicory.wasm.types.ValueType.I32),
                    List.of(com.dylibso.chicory.wasm.types.ValueType.I32),
                    (instance, args) -> new long[] {(int) args[0] + 1}));
        }
        return imports.build();
    }

    @Benchmark
    public Object library(Library state) {
        return state.pool.call("call-host", CALLS)[0];
    }

    /** Through a host interface: WIT-typed, grant-checked and audited, under the call deadline. */
    @Benchmark
    public Object hostInterface(HostInterfaceCall state) {
        return state.callHost.call(CALLS);
    }

    @Benchmark
    public int rawWasmtimeJava(RawWasmtime state) {
        return state.callHost.call(state.store, Val.fromI32(CALLS))[0].i32();
    }

    @Benchmark
    public long rawChicoryCompiled(RawChicory state) {
        return state.callHost.apply(CALLS)[0];
    }
}
