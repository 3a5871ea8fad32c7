package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuestThreadsTest {

    @Test
    void runsWorkOnAGuestThreadAndReturnsItsResult() {
        try (GuestThreads threads = new GuestThreads(8 << 20, 2, false)) {
            String name = threads.run("m", () -> Thread.currentThread().getName());

            assertThat(name).startsWith("airssys-wasm-guest-");
            assertThat(threads.run("m", () -> Thread.currentThread().getName()))
                    .as("an idle thread is reused")
                    .isEqualTo(name);
        }
    }

    @Test
    void errorsAndExceptionsReachTheCallerUnchanged() {
        try (GuestThreads threads = new GuestThreads(8 << 20, 2, false)) {
            OutOfMemoryError error = new OutOfMemoryError("from the guest side");
            IllegalStateException exception = new IllegalStateException("plain");

            assertThatThrownBy(() -> threads.run("m", () -> {
                        throw error;
                    }))
                    .isSameAs(error);
            assertThatThrownBy(() -> threads.run("m", () -> {
                        throw exception;
                    }))
                    .isSameAs(exception);
        }
    }

    @Test
    void refusesWorkWhenEveryThreadIsBusyInsteadOfQueueing() throws Exception {
        try (GuestThreads threads = new GuestThreads(8 << 20, 1, false)) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> threads.run("m", () -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holder.start();
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> threads.run("busy@1.0.0", () -> null))
                    .isInstanceOf(InstanceUnavailableException.class)
                    .hasMessageContaining("no guest thread is free to run 'busy@1.0.0' (all 1 busy)");
            release.countDown();
            holder.join();
            assertThat(threads.run("m", () -> 42)).isEqualTo(42);
        }
    }

    @Test
    void anInterruptedCallerStillGetsItsResultAndKeepsTheInterrupt() {
        try (GuestThreads threads = new GuestThreads(8 << 20, 1, false)) {
            Thread caller = Thread.currentThread();
            int result = threads.run("m", () -> {
                caller.interrupt();
                return 7;
            });

            assertThat(result).isEqualTo(7);
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        GuestThreads threads = new GuestThreads(8 << 20, 1, false);
        threads.close();

        assertThatThrownBy(() -> threads.run("m", () -> null)).hasMessageContaining("the engine is closed");
    }

    @Test
    void onTheCallersThreadATaskRunsThereAndTheCallersInterruptIsKeptButNotSeen() {
        try (GuestThreads threads = new GuestThreads(8 << 20, 1, true)) {
            Thread.currentThread().interrupt();

            boolean[] seenInside = new boolean[1];
            Thread ranOn = threads.run("m@1.0.0", () -> {
                seenInside[0] = Thread.currentThread().isInterrupted();
                return Thread.currentThread();
            });

            assertThat(ranOn).isSameAs(Thread.currentThread());
            assertThat(seenInside[0]).isFalse();
            assertThat(Thread.interrupted()).isTrue();
            assertThat(threads.threads()).isZero();
        }
    }

    @Test
    void aCallerMakingCallsOneAfterAnotherKeepsUsingOneThread() {
        try (GuestThreads threads = new GuestThreads(8 << 20, 8, false)) {
            for (int i = 0; i < 2_000; i++) {
                threads.run("m@1.0.0", () -> null);
            }

            assertThat(threads.threads())
                    .as("the thread is idle again before the caller hears back")
                    .isOne();
        }
    }

    @Test
    void anIdleThreadEndsAfterItsIdleTimeAndTheNextCallMakesAnother() {
        try (GuestThreads threads = new GuestThreads(8 << 20, 2, false, Duration.ofMillis(50))) {
            String first = threads.run("m@1.0.0", () -> Thread.currentThread().getName());

            await().atMost(Duration.ofSeconds(5)).until(() -> threads.threads() == 0);
            String second = threads.run("m@1.0.0", () -> Thread.currentThread().getName());

            assertThat(second).startsWith("airssys-wasm-guest-").isNotEqualTo(first);
            assertThat(threads.threads()).isOne();
        }
    }

    @Test
    void callersAtOnceEachGetTheirOwnResultsAndNeverMoreThreadsThanAllowed() throws Exception {
        int callers = 4;
        int maxThreads = 3;
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(callers);
        try (GuestThreads threads = new GuestThreads(8 << 20, maxThreads, false)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(executor.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        int call = i;
                        try {
                            long result = threads.run("m@1.0.0", () -> {
                                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                                running.decrementAndGet();
                                return caller * 1_000_000L + call;
                            });
                            assertThat(result).isEqualTo(caller * 1_000_000L + call);
                        } catch (InstanceUnavailableException e) {
                            refused.incrementAndGet(); // four callers, three threads: refusals are expected
                        }
                        assertThat(threads.threads()).isLessThanOrEqualTo(maxThreads);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }

            assertThat(mostAtOnce.get()).isLessThanOrEqualTo(maxThreads);
            assertThat(refused.get()).isLessThan(callers * 5_000);
        } finally {
            executor.shutdownNow();
        }
    }
}
