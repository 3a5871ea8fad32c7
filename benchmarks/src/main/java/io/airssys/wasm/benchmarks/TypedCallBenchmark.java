package io.airssys.wasm.benchmarks;

import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.runtime.ComponentFunction;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.storage.InMemoryComponentStore;
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
 * Calls through the whole runtime, as an application makes them: routing, pooled instance, the
 * canonical ABI (strings lowered through {@code cabi_realloc} and lifted back, checked), and
 * {@code handle-message} with its message record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TypedCallBenchmark {

    @Param({"16", "4096"})
    public int size;

    private ComponentRuntime runtime;
    private ComponentHandle component;
    private ComponentFunction<Integer> add;
    private ComponentFunction<String> echo;
    private Path registry;
    private String text;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        registry = Files.createTempDirectory("airssys-wasm-bench");
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry)
                .store(new InMemoryComponentStore())
                .build());
        component = runtime.deploy(Fixtures.artifact(), DeploymentStrategy.immediate());
        add = component.function("bench:echo/echo@1.0.0#add", Integer.class);
        echo = component.function("bench:echo/echo@1.0.0#echo", String.class);
        text = "x".repeat(size);
        bytes = text.getBytes();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        runtime.close();
        try (var files = Files.walk(registry)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public Object typedAdd() {
        return add.call(20, 22);
    }

    @Benchmark
    public Object typedEchoString() {
        return echo.call(text);
    }

    @Benchmark
    public byte[] executeHandleMessage() {
        return component.execute(bytes);
    }
}
