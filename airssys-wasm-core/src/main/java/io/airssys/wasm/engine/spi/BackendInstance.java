package io.airssys.wasm.engine.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * One instantiation of a module with its own state. Used by one thread at a time: the guest
 * thread the engine-neutral side runs it on.
 */
public interface BackendInstance extends AutoCloseable {

    /**
     * Arms the deadline of the call about to start: guest code running longer than {@code timeout}
     * from now is stopped with an {@link EngineTrap} that is {@linkplain EngineTrap#interrupted()
     * interrupted}.
     */
    default void startCall(Duration timeout) {
        startCall(timeout, System.nanoTime());
    }

    /**
     * As {@link #startCall(Duration)}, counting from {@code startedNanos}, the {@link System#nanoTime()}
     * the caller read as the call started, so one reading of the clock serves both.
     */
    void startCall(Duration timeout, long startedNanos);

    /**
     * Calls an export with arguments already checked against its signature (boxed {@code Integer},
     * {@code Long}, {@code Float}, {@code Double}) and returns its results the same way.
     *
     * @throws EngineTrap if the guest trapped, was interrupted at its deadline, or a host function threw
     */
    Object[] call(String function, Object[] args);

    /** The exported memory named {@code memory}, if any. */
    Optional<LinearMemory> memory();

    @Override
    void close();
}
