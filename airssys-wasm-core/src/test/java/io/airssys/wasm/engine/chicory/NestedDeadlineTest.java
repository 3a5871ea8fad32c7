package io.airssys.wasm.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.engine.spi.EngineTrap;
import io.airssys.wasm.testing.Wat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls on Chicory share their caller's thread, so a component's host function can run another
 * component's guest code on the same thread. The outer call's deadline must still hold when the
 * inner call swallowed the interrupt meant for the outer one.
 */
class NestedDeadlineTest {

    private static final byte[] SPINNER = Wat.compile("(module (func (export \"spin\") (loop $l (br $l))))");
    private static final byte[] OUTER = Wat.compile("""
            (module
              (import "host" "call-inner" (func $inner))
              (func (export "run") (call $inner) (loop $l (br $l))))
            """);

    @Test
    @Timeout(60)
    void anOuterCallStopsAtItsDeadlineEvenIfAnInnerCallAbsorbedItsInterrupt() {
        HostFunction callInner =
                new HostFunction("host", "call-inner", new FunctionType(List.of(), List.of()), call -> null);
        try (ChicoryBackend backend = new ChicoryBackend(EngineSettings.defaults());
                BackendModule spinner = backend.compile("inner@1.0.0", SPINNER);
                BackendModule outer = backend.compile("outer@1.0.0", OUTER);
                BackendInstance inner = spinner.instantiate(List.of(), null, Duration.ofSeconds(1))) {
            BackendInstance[] outerInstance = new BackendInstance[1];
            outerInstance[0] = outer.instantiate(
                    List.of(callInner),
                    (function, args) -> {
                        inner.startCall(Duration.ofSeconds(30)); // far beyond the outer deadline
                        try {
                            inner.call("spin", new Object[0]);
                        } catch (RuntimeException careless) {
                            // a host function that swallows the failure and returns
                        }
                        return new Object[0];
                    },
                    Duration.ofSeconds(1));
            outerInstance[0].startCall(Duration.ofMillis(200));
            long start = System.nanoTime();

            assertThatThrownBy(() -> outerInstance[0].call("run", new Object[0]))
                    .isInstanceOfSatisfying(
                            EngineTrap.class,
                            trap -> assertThat(trap.interrupted()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            outerInstance[0].close();
        }
    }

    @Test
    @Timeout(60)
    void anInterruptFromTheApplicationStopsTheGuestAndIsKeptForTheCaller() throws Exception {
        try (ChicoryBackend backend = new ChicoryBackend(EngineSettings.defaults());
                BackendModule spinner = backend.compile("inner@1.0.0", SPINNER);
                BackendInstance instance = spinner.instantiate(List.of(), null, Duration.ofSeconds(1))) {
            boolean[] stillInterrupted = new boolean[1];
            Thread caller = new Thread(() -> {
                instance.startCall(Duration.ofSeconds(30));
                try {
                    instance.call("spin", new Object[0]);
                } catch (EngineTrap expected) {
                    // stopped by the interrupt
                }
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            });
            caller.start();
            Thread.sleep(200);
            caller.interrupt();
            caller.join(10_000);

            assertThat(caller.isAlive()).isFalse();
            assertThat(stillInterrupted[0])
                    .as("the application's interrupt is not swallowed")
                    .isTrue();
        }
    }
}
