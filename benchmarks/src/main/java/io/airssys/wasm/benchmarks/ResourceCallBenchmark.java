package io.airssys.wasm.benchmarks;

import io.airssys.wasm.abi.GuestResource;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.runtime.ComponentFunction;
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
 * What a call on a component's resource costs against a plain call of the same shape, through
 * the runtime on each engine: {@code get(self) -> u64} on a counter the component made (routed
 * to the version and instance holding it) against {@code peek() -> u64}, and a resource made and
 * dropped (constructor, then the destructor).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ResourceCallBenchmark {

    static final String WIT = """
            package bench:res@1.0.0;
            interface counters {
                resource counter {
                    constructor();
                    get: func() -> u64;
                }
                peek: func() -> u64;
            }
            world counting { export counters; }
            """;

    static final String WAT = """
            (module
              (import "[export]bench:res/counters@1.0.0" "[resource-new]counter" (func $new (param i32) (result i32)))
              (memory (export "memory") 1)
              (global $count (mut i64) (i64.const 0))
              (func (export "bench:res/counters@1.0.0#[constructor]counter") (result i32)
                (call $new (i32.const 7)))
              (func (export "bench:res/counters@1.0.0#[method]counter.get") (param i32) (result i64)
                (global.set $count (i64.add (global.get $count) (i64.const 1)))
                (global.get $count))
              (func (export "bench:res/counters@1.0.0#[dtor]counter") (param i32))
              (func (export "bench:res/counters@1.0.0#peek") (result i64)
                (global.set $count (i64.add (global.get $count) (i64.const 1)))
                (global.get $count)))
            """;

    @State(Scope.Benchmark)
    public static class Counting {
        @Param({"wasmtime", "chicory"})
        public String engine;

        TemporaryRuntime temporary;
        ComponentFunction<Long> peek;
        ComponentFunction<GuestResource> construct;
        GuestResource counter;

        @Setup(Level.Trial)
        public void setUp() {
            temporary = new TemporaryRuntime(EngineType.valueOf(engine.toUpperCase()), builder -> builder);
            byte[] artifact = CustomSectionEditor.append(
                    Fixtures.wasm(WAT),
                    "airssys:manifest",
                    "[component]\nid = \"counters\"\nversion = \"1.0.0\"\nworld = \"bench:res/counting@1.0.0\"\n");
            var counters = temporary.runtime.deploy(CustomSectionEditor.append(artifact, "airssys:wit", WIT));
            peek = counters.function("peek", Long.class);
            construct = counters.function("new-counter", GuestResource.class);
            counter = construct.call();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            counter.close();
            temporary.close();
        }
    }

    @Benchmark
    public long plainCall(Counting state) {
        return state.peek.call();
    }

    @Benchmark
    public long resourceMethodCall(Counting state) {
        return state.counter.invoke("get", Long.class);
    }

    @Benchmark
    public void makeAndDropResource(Counting state) {
        state.construct.call().close();
    }
}
