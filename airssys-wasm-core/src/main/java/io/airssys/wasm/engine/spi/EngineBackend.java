package io.airssys.wasm.engine.spi;

/** One engine implementation, shared by every module it compiles. Thread-safe. */
public interface EngineBackend extends AutoCloseable {

    /**
     * Compiles a module already read, checked and capped by the caller.
     *
     * @param name labels the module in errors
     * @throws io.airssys.wasm.engine.ModuleRejectedException if the engine cannot compile it
     */
    BackendModule compile(String name, byte[] bytes);

    /**
     * Whether guest code must run on threads whose stack is known to hold it. True for an
     * engine running native code, which would overflow a foreign thread's small stack and crash
     * the process; an engine running on the Java stack, whose overflow is a catchable
     * {@link StackOverflowError}, may run guest code on the caller's thread.
     */
    default boolean needsGuestThreads() {
        return true;
    }

    /** Releases the engine; modules compiled by it are unusable afterwards. */
    @Override
    void close();
}
