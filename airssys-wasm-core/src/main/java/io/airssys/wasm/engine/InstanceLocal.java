package io.airssys.wasm.engine;

/**
 * State a host function keeps for one instance, such as WASI's open files: made on first use
 * through {@link HostCall#local}, told when each call into the instance ends, and closed when
 * the instance is discarded, whether it ended well or not.
 */
public interface InstanceLocal extends AutoCloseable {

    /** Called after each call into the instance, on the thread that ran it. */
    default void afterCall() {}

    /** Releases what the state holds; must not throw checked exceptions. */
    @Override
    void close();
}
