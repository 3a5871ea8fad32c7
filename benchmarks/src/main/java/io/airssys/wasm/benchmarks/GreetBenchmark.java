package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.experimental.aot.AotMachineFactory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.airssys.wasm.binary.TrampolineInstrumenter;
import io.airssys.wasm.engine.EngineType;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
 * A typed {@code greet(string) -> string} call: through the library (a {@code ComponentFunction}
 * and a {@code @WasmComponent} proxy) on each engine, against the same call made by hand on each
 * engine's own API: allocate the argument with {@code cabi_realloc}, copy it in, call, read the
 * result. Raw wasmtime-java is measured both ways: a value per JNI argument, and through the
 * trampolines the library adds (values in guest memory, calls without values).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class GreetBenchmark {

    static final String NAME = "airssys-wasm dev"; // 16 bytes

    @State(Scope.Benchmark)
    public static class Library {
        @Param({"wasmtime", "chicory"})
        public String engine;

        LibraryRuntime runtime;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = new LibraryRuntime(EngineType.valueOf(engine.toUpperCase()));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
        }
    }

    /** wasmtime-java on one store per thread, as its API is meant to be used. */
    @State(Scope.Thread)
    public static class RawWasmtime {
        Engine engine;
        Store<Void> store;
        ByteBuffer memory;
        Func realloc;
        Func greet;
        Func reallocTrampoline;
        Func greetTrampoline;
        int scratch;

        @Setup(Level.Trial)
        public void setUp() {
            Fixtures.loadWasmtimeLibrary();
            engine = new Engine(new Config().epochInterruption(true));
            store = new Store<>(null, engine);
            store.setEpochDeadline(Long.MAX_VALUE / 2);
            byte[] instrumented = TrampolineInstrumenter.instrument(Fixtures.wasm(Fixtures.GREETER_WAT))
                    .module();
            Instance instance = new Instance(store, Module.fromBinary(engine, instrumented), List.of());
            memory = instance.getMemory(store, "memory")
                    .orElseThrow()
                    .buffer(store)
                    .order(ByteOrder.LITTLE_ENDIAN);
            realloc = instance.getFunc(store, "cabi_realloc").orElseThrow();
            greet = instance.getFunc(store, Fixtures.GREET_EXPORT).orElseThrow();
            reallocTrampoline = instance.getFunc(store, TrampolineInstrumenter.trampolineName("cabi_realloc"))
                    .orElseThrow();
            greetTrampoline = instance.getFunc(store, TrampolineInstrumenter.trampolineName(Fixtures.GREET_EXPORT))
                    .orElseThrow();
            scratch = 1024; // below the allocator's heap, so it never hands it out
            instance.getFunc(store, TrampolineInstrumenter.SET_SCRATCH_EXPORT)
                    .orElseThrow()
                    .call(store, Val.fromI32(scratch));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.dispose();
            engine.dispose();
        }
    }

    @State(Scope.Thread)
    public static class RawChicory {
        @Param({"compiled", "interpreter"})
        public String mode;

        com.dylibso.chicory.runtime.Memory memory;
        ExportFunction realloc;
        ExportFunction greet;

        @Setup(Level.Trial)
        public void setUp() {
            WasmModule module = Parser.parse(Fixtures.wasm(Fixtures.GREETER_WAT));
            com.dylibso.chicory.runtime.Instance.Builder builder = com.dylibso.chicory.runtime.Instance.builder(module);
            if (mode.equals("compiled")) {
                builder.withMachineFactory(new AotMachineFactory(module));
            }
            com.dylibso.chicory.runtime.Instance instance = builder.build();
            memory = instance.memory();
            realloc = instance.export("cabi_realloc");
            greet = instance.export(Fixtures.GREET_EXPORT);
        }
    }

    @State(Scope.Thread)
    public static class PlainJava {
        String name = NAME; // a field, so the concatenation is not folded at compile time
    }

    @Benchmark
    public String plainJava(PlainJava state) {
        return "Hello, " + state.name + "!";
    }

    @Benchmark
    public String library(Library state) {
        return state.runtime.greet.call(NAME);
    }

    @Benchmark
    public String libraryProxy(Library state) {
        return state.runtime.proxy.greet(NAME);
    }

    @Benchmark
    public String rawWasmtimeJava(RawWasmtime state) {
        byte[] name = NAME.getBytes(StandardCharsets.UTF_8);
        int pointer = state.realloc
                .call(state.store, Val.fromI32(0), Val.fromI32(0), Val.fromI32(1), Val.fromI32(name.length))[0].i32();
        state.memory.put(pointer, name);
        int result = state.greet.call(state.store, Val.fromI32(pointer), Val.fromI32(name.length))[0].i32();
        return readString(state.memory, result);
    }

    @Benchmark
    public String rawWasmtimeTrampolines(RawWasmtime state) {
        byte[] name = NAME.getBytes(StandardCharsets.UTF_8);
        ByteBuffer memory = state.memory;
        int scratch = state.scratch;
        memory.putInt(scratch, 0).putInt(scratch + 8, 0).putInt(scratch + 16, 1).putInt(scratch + 24, name.length);
        state.reallocTrampoline.call(state.store);
        int pointer = memory.getInt(scratch);
        memory.put(pointer, name);
        memory.putInt(scratch, pointer).putInt(scratch + 8, name.length);
        state.greetTrampoline.call(state.store);
        return readString(memory, memory.getInt(scratch));
    }

    @Benchmark
    public String rawChicory(RawChicory state) {
        byte[] name = NAME.getBytes(StandardCharsets.UTF_8);
        int pointer = (int) state.realloc.apply(0, 0, 1, name.length)[0];
        state.memory.write(pointer, name);
        int result = (int) state.greet.apply(pointer, name.length)[0];
        int text = state.memory.readInt(result);
        int length = state.memory.readInt(result + 4);
        return new String(state.memory.readBytes(text, length), StandardCharsets.UTF_8);
    }

    private static String readString(ByteBuffer memory, int resultArea) {
        int text = memory.getInt(resultArea);
        byte[] out = new byte[memory.getInt(resultArea + 4)];
        memory.get(text, out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
