package io.airssys.wasm.engine;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing a call to a guest thread costs on its own (wasmtime runs every call on one, see
 * {@link GuestThreads}): a task that does next to nothing, run on a guest thread, against the
 * same task run on the caller's thread. In this package because the guest threads are internal.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class GuestThreadHandOffBenchmark {

    private GuestThreads guestThreads;
    private GuestThreads callerThread;
    private int counter;

    @Setup
    public void setUp() {
        guestThreads = new GuestThreads(EngineSettings.defaults().guestThreadStackBytes(), 8, false);
        callerThread = new GuestThreads(EngineSettings.defaults().guestThreadStackBytes(), 8, true);
    }

    @TearDown
    public void tearDown() {
        guestThreads.close();
        callerThread.close();
    }

    @Benchmark
    public int onGuestThread() {
        return guestThreads.run("bench@1.0.0", () -> counter++);
    }

    @Benchmark
    public int onCallerThread() {
        return callerThread.run("bench@1.0.0", () -> counter++);
    }
}
