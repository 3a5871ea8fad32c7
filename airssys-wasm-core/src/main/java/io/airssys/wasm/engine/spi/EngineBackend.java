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

    /** Releases the engine; modules compiled by it are unusable afterwards. */
    @Override
    void close();
}
