package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InstancePoolTest {

    static final FunctionType I32_I32_TO_I32 =
            new FunctionType(List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32));
    static final FunctionType I32_I32_TO_NOTHING = new FunctionType(List.of(ValueType.I32, ValueType.I32), List.of());

    private static WasmEngine engine;
    private static CompiledModule calculator;
    private static CompiledModule misbehaving;

    private final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void compileFixtures() {
        engine = WasmEngine.create();
        calculator = engine.compile("calculator@1.0.0", Wat.fixture("calculator"), ModuleLimits.DEFAULT);
        misbehaving = engine.compile("misbehaving@1.0.0", Wat.fixture("misbehaving"), ModuleLimits.ofMemoryPages(3));
    }

    @AfterAll
    static void closeEngine() {
        calculator.close();
        misbehaving.close();
        engine.close();
    }

    private List<HostFunction> calculatorHost() {
        return List.of(
                new HostFunction("host", "add", I32_I32_TO_I32, call -> new Object[] {call.intArg(0) + call.intArg(1)}),
                new HostFunction("host", "log", I32_I32_TO_NOTHING, call -> {
                    byte[] text = call.memory().read(call.intArg(0), call.intArg(1));
                    logged.add(new String(text, StandardCharsets.UTF_8));
                    return null;
                }));
    }

    private InstancePool calculatorPool(PoolSettings settings) {
        return new InstancePool(calculator, calculatorHost(), settings);
    }

    private static InstancePool misbehavingPool(Duration callTimeout) {
        return new InstancePool(misbehaving, List.of(), PoolSettings.defaults().withCallTimeout(callTimeout));
    }

    @Test
    void callsExportedFunctionsOfEveryCoreType() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults())) {
            assertThat(pool.call("add", 2, 40)).containsExactly(42);
            assertThat(pool.call("mul64", 1L << 33, 3L)).containsExactly(3L << 33);
            assertThat(pool.call("half", 5.0)).containsExactly(2.5);
        }
    }

    @Test
    void guestCallsAHostFunction() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults())) {
            assertThat(pool.call("add_via_host", 20, 22)).containsExactly(42);
        }
    }

    @Test
    void hostFunctionReadsTheCallersMemory() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults())) {
            pool.call("log_greeting");
        }

        assertThat(logged).containsExactly("hello from wasm");
    }

    @Test
    void runsInitializeOncePerInstance() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults().withMaxInstances(1))) {
            pool.call("add", 1, 1);
            assertThat(pool.call("initialized")).containsExactly(1);
        }
    }

    @Test
    void infiniteLoopIsStoppedWithinTheTimeoutAndThePoolStillServes() {
        Duration timeout = Duration.ofMillis(100);
        try (InstancePool pool = misbehavingPool(timeout)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> pool.call("spin"))
                    .isInstanceOf(WasmTimeoutException.class)
                    .hasMessageContaining(
                            "'misbehaving@1.0.0' did not return from 'spin' within its timeout of 100 ms");
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // exact to one epoch tick (1 ms) either way: the ticker catches up on ticks it issued late
            assertThat(elapsedMillis).isBetween(timeout.toMillis() - 2, timeout.toMillis() + 50);
            assertThat(pool.call("ok")).containsExactly(42);
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void everyCallGetsItsWholeTimeoutCountedFromItsOwnStart() {
        Duration timeout = Duration.ofMillis(30);
        try (InstancePool pool = new InstancePool(
                misbehaving,
                List.of(),
                PoolSettings.defaults().withCallTimeout(timeout).withMaxInstances(1))) {
            long quickCallsUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            while (System.nanoTime() < quickCallsUntil) {
                assertThat(pool.call("ok")).containsExactly(42); // one instance, well past one timeout in all
            }

            long start = System.nanoTime();
            assertThatThrownBy(() -> pool.call("spin")).isInstanceOf(WasmTimeoutException.class);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(elapsedMillis).isBetween(timeout.toMillis() - 2, timeout.toMillis() + 50);
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void memoryGrowBeyondTheCapReturnsMinusOne() {
        try (InstancePool pool = misbehavingPool(Duration.ofSeconds(1))) {
            pool.withInstance(instance -> {
                assertThat(instance.call("grow", 2)).containsExactly(1);
                assertThat(instance.call("pages")).containsExactly(3);
                assertThat(instance.call("grow", 1)).containsExactly(-1);
                assertThat(instance.call("pages")).containsExactly(3);
                return null;
            });
        }
    }

    @Test
    void unreachableIsATrapOfThatKind() {
        assertTrap("unreachable", TrapKind.UNREACHABLE, "unreachable instruction executed");
    }

    @Test
    void outOfBoundsLoadIsATrapOfThatKind() {
        assertTrap("out_of_bounds", TrapKind.MEMORY_OUT_OF_BOUNDS, "out-of-bounds memory access");
    }

    @Test
    void divisionByZeroIsATrapOfThatKind() {
        assertTrap("divide", TrapKind.INTEGER_DIVISION_BY_ZERO, "integer division by zero", 1, 0);
    }

    @Test
    void integerOverflowIsATrapOfThatKind() {
        assertTrap("divide", TrapKind.INTEGER_OVERFLOW, "integer overflow", Integer.MIN_VALUE, -1);
    }

    @Test
    void unboundedRecursionIsAStackOverflowTrap() {
        assertTrap("recurse", TrapKind.STACK_OVERFLOW, "call stack exhausted", 0);
    }

    @Test
    void callThroughANullTableEntryIsATrapOfThatKind() {
        assertTrap("null_call", TrapKind.INDIRECT_CALL_TO_NULL, "indirect call to a null table entry");
    }

    private static void assertTrap(String function, TrapKind kind, String description, Object... args) {
        try (InstancePool pool = misbehavingPool(Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> pool.call(function, args))
                    .isInstanceOfSatisfying(WasmTrapException.class, trap -> {
                        assertThat(trap.kind()).isEqualTo(kind);
                        assertThat(trap.module()).isEqualTo("misbehaving@1.0.0");
                        assertThat(trap.function()).isEqualTo(function);
                    })
                    .hasMessageContaining("'misbehaving@1.0.0' trapped in '" + function + "': " + description);
            assertThat(pool.call("ok")).containsExactly(42);
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void tenThousandTrapsNeitherCrashNorLeak() throws Exception {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults().withMaxInstances(2));
                CompiledModule trapping = engine.compile("trapping@1.0.0", Wat.compile("""
                     (module
                       (import "host" "add" (func (param i32 i32) (result i32)))
                       (memory (export "memory") 1)
                       (func (export "boom") unreachable))
                     """), ModuleLimits.DEFAULT);
                InstancePool trapPool = new InstancePool(trapping, calculatorHost(), PoolSettings.defaults())) {
            trapMany(trapPool, 1_000);
            System.gc();
            long rssBefore = NativeMemory.residentBytes();
            long heapBefore = usedHeap();

            trapMany(trapPool, 10_000);
            System.gc();
            long rssAfter = NativeMemory.residentBytes();
            long heapAfter = usedHeap();

            PoolStats stats = trapPool.stats();
            assertThat(stats.created()).isEqualTo(11_000);
            assertThat(stats.discarded()).isEqualTo(11_000);
            assertThat(stats.inUse()).isZero();
            assertThat(heapAfter - heapBefore)
                    .as("heap kept after 10,000 traps")
                    .isLessThan(16L * 1024 * 1024);
            if (engine.settings().type() == EngineType.WASMTIME) {
                // native stores; a JVM engine's instances live on the heap, which grows and stays grown
                assertThat(rssAfter - rssBefore)
                        .as("resident memory growth over 10,000 traps")
                        .isLessThan(64L * 1024 * 1024);
            }
            assertThat(pool.call("add", 1, 2)).containsExactly(3);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void trapMany(InstancePool pool, int count) {
        for (int i = 0; i < count; i++) {
            assertThatThrownBy(() -> pool.call("boom")).isInstanceOf(WasmTrapException.class);
        }
    }

    @Test
    void fourThreadsShareOnePool() throws Exception {
        int threads = 4;
        int callsPerThread = 10_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try (InstancePool pool = calculatorPool(PoolSettings.defaults().withMaxInstances(threads))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(executor.submit(() -> {
                    start.await();
                    int correct = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        Object[] sum = pool.call(i % 2 == 0 ? "add" : "add_via_host", i, thread);
                        if ((Integer) sum[0] == i + thread) {
                            correct++;
                        }
                    }
                    return correct;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(callsPerThread);
            }
            assertThat(pool.stats().created()).isBetween(1L, (long) threads);
            assertThat(pool.stats().discarded()).isZero();
            assertThat(pool.stats().inUse()).isZero();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void acquireFailsAfterItsTimeoutWhenEveryInstanceIsBusy() {
        PoolSettings oneInstance = new PoolSettings(1, Duration.ofMillis(50), Duration.ofSeconds(1));
        try (InstancePool pool = calculatorPool(oneInstance)) {
            pool.withInstance(held -> {
                assertThatThrownBy(() -> pool.call("add", 1, 1))
                        .isInstanceOf(InstanceUnavailableException.class)
                        .hasMessageContaining("no instance of 'calculator@1.0.0' became free within 50 ms");
                return null;
            });
            assertThat(pool.call("add", 1, 1)).containsExactly(2);
        }
    }

    @Test
    void failingHostFunctionReachesTheCallerWithItsCause() {
        List<HostFunction> host = List.of(
                new HostFunction("host", "add", I32_I32_TO_I32, call -> {
                    throw new IllegalStateException("database down");
                }),
                new HostFunction("host", "log", I32_I32_TO_NOTHING, call -> null));
        try (InstancePool pool = new InstancePool(calculator, host, PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("add_via_host", 1, 2))
                    .isInstanceOf(HostFunctionException.class)
                    .hasMessageContaining("host function host.add failed while called by 'calculator@1.0.0'")
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("database down");
            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(pool.call("add", 1, 2)).containsExactly(3);
        }
    }

    @Test
    void wasmExceptionFromAHostFunctionPassesThroughUnchanged() {
        WasmException denied = new WasmException("capability denied");
        List<HostFunction> host = List.of(
                new HostFunction("host", "add", I32_I32_TO_I32, call -> {
                    throw denied;
                }),
                new HostFunction("host", "log", I32_I32_TO_NOTHING, call -> null));
        try (InstancePool pool = new InstancePool(calculator, host, PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("add_via_host", 1, 2)).isSameAs(denied);
        }
    }

    @Test
    void hostFunctionReadingOutsideGuestMemoryFailsCleanly() {
        List<HostFunction> host = List.of(
                new HostFunction("host", "add", I32_I32_TO_I32, call -> {
                    call.memory().read(65_530, 16);
                    return new Object[] {0};
                }),
                new HostFunction("host", "log", I32_I32_TO_NOTHING, call -> null));
        try (InstancePool pool = new InstancePool(calculator, host, PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("add_via_host", 1, 2))
                    .isInstanceOf(GuestMemoryAccessException.class)
                    .hasMessageContaining("access of 16 bytes at address 65530 is outside its memory of 65536 bytes");
        }
    }

    @Test
    void hostFunctionReturningTheWrongTypeFailsCleanly() {
        List<HostFunction> host = List.of(
                new HostFunction("host", "add", I32_I32_TO_I32, call -> new Object[] {"forty-two"}),
                new HostFunction("host", "log", I32_I32_TO_NOTHING, call -> null));
        try (InstancePool pool = new InstancePool(calculator, host, PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("add_via_host", 1, 2))
                    .isInstanceOf(HostFunctionException.class)
                    .hasRootCauseMessage(
                            "host function host.add result value 0 must be Integer for I32 but was String");
        }
    }

    @Test
    void missingAndMistypedImportsAreAllListedWhenThePoolIsMade() {
        List<HostFunction> host = List.of(
                new HostFunction("host", "add", new FunctionType(List.of(ValueType.I64), List.of()), call -> null));

        assertThatThrownBy(() -> new InstancePool(calculator, host, PoolSettings.defaults()))
                .isInstanceOfSatisfying(
                        WasmLinkException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "import host.add expects [I32, I32] -> [I32] but the host function is [I64] -> []",
                                        "no host function host.log [I32, I32] -> []"))
                .hasMessageStartingWith("'calculator@1.0.0' cannot be linked");
    }

    @Test
    void argumentsThatDoNotMatchTheSignatureAreRefused() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("add", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'calculator@1.0.0' function 'add' takes 2 value(s) [I32, I32] but got 1");
            assertThatThrownBy(() -> pool.call("add", 1, 2L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value 1 must be Integer for I32 but was Long");
        }
    }

    @Test
    void callingAnUnknownExportNamesWhatIsExported() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults())) {
            assertThatThrownBy(() -> pool.call("subtract", 1, 2))
                    .isInstanceOf(MissingExportException.class)
                    .hasMessageContaining("'calculator@1.0.0' exports no function 'subtract'")
                    .hasMessageContaining("add_via_host");
        }
    }

    @Test
    void countsTheMemoryOfItsLiveInstancesAndForgetsADiscardedOnes() throws Exception {
        try (CompiledModule growing = engine.compile("growing@1.0.0", Wat.compile("""
                        (module
                          (memory (export "memory") 2)
                          (func (export "grow") (drop (memory.grow (i32.const 1))))
                          (func (export "boom") unreachable))
                        """), ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(
                        growing, List.of(), PoolSettings.defaults().withMaxInstances(1))) {
            assertThat(pool.stats().memoryBytes()).isZero();

            pool.call("grow");
            assertThat(pool.stats().memoryBytes()).isEqualTo(3 * 65_536L);
            Thread.sleep(150); // counted again at most every 100 ms
            pool.call("grow");
            assertThat(pool.stats().memoryBytes()).isEqualTo(4 * 65_536L);

            assertThatThrownBy(() -> pool.call("boom")).isInstanceOf(WasmTrapException.class);
            assertThat(pool.stats().memoryBytes())
                    .as("the trapped instance is discarded")
                    .isZero();
        }
    }

    @Test
    void warmUpCreatesInstancesAhead() {
        try (InstancePool pool = calculatorPool(PoolSettings.defaults().withMaxInstances(3))) {
            pool.warmUp(5);

            assertThat(pool.stats()).isEqualTo(new PoolStats(3, 3, 0, 3, 0, 0));
        }
    }

    @Test
    void closedPoolRefusesCallsAndDisposesItsInstances() {
        InstancePool pool = calculatorPool(PoolSettings.defaults());
        pool.warmUp(2);

        pool.close();

        assertThat(pool.stats().idle()).isZero();
        assertThat(pool.stats().discarded()).isEqualTo(2);
        assertThatThrownBy(() -> pool.call("add", 1, 2))
                .isInstanceOf(InstanceUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aPinnedCallWaitsForItsInstanceWhileOtherCallsUseAnother() throws Exception {
        try (InstancePool pool =
                calculatorPool(PoolSettings.defaults().withMaxInstances(2).withAcquireTimeout(Duration.ofSeconds(5)))) {
            WasmInstance pinned = pool.withInstance(instance -> instance);
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> pool.withInstance(pinned, instance -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holder.start();
            holding.await();

            WasmInstance other = pool.withInstance(instance -> instance);
            assertThat(other).as("an unpinned call takes the other instance").isNotSameAs(pinned);
            java.util.concurrent.CompletableFuture<WasmInstance> waiting =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> pool.withInstance(pinned, instance -> instance));
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            release.countDown();

            assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(pinned);
            holder.join();
        }
    }

    @Test
    void aPinnedCallFailsCleanlyWhenItsInstanceStaysBusyOrIsGone() throws Exception {
        try (InstancePool pool = calculatorPool(
                PoolSettings.defaults().withMaxInstances(2).withAcquireTimeout(Duration.ofMillis(200)))) {
            WasmInstance pinned = pool.withInstance(instance -> instance);

            assertThatThrownBy(() -> pool.withInstance(pinned, instance -> pool.withInstance(pinned, again -> null)))
                    .isInstanceOf(InstanceUnavailableException.class)
                    .hasMessageContaining("stayed busy for 200 ms");
            assertThatThrownBy(() -> pool.withInstance(pinned, instance -> null))
                    .as("the failed call discarded it")
                    .isInstanceOf(InstanceUnavailableException.class)
                    .hasMessageContaining("was discarded after a failed call");
        }
    }

    @Test
    void closingRunsTheLastCallOnceOnEachIdleInstanceAndDiscardsThemEvenIfItFails() {
        InstancePool pool = calculatorPool(PoolSettings.defaults().withMaxInstances(3));
        pool.warmUp(3);
        java.util.Set<WasmInstance> called = java.util.concurrent.ConcurrentHashMap.newKeySet();

        pool.close(instance -> {
            called.add(instance);
            throw new IllegalStateException("shutdown failed");
        });

        assertThat(called).hasSize(3);
        assertThat(pool.stats().discarded()).isEqualTo(3);
        assertThat(pool.isClosed()).isTrue();
    }
}
