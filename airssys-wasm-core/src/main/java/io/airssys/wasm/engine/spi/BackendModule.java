package io.airssys.wasm.engine.spi;

import io.airssys.wasm.engine.HostFunction;
import java.time.Duration;
import java.util.List;

/** A compiled module, shared by its instances. Thread-safe. */
public interface BackendModule extends AutoCloseable {

    /**
     * Instantiates the module with {@code imports}, one per module import and in import order,
     * running its start function, if any, within {@code startTimeout}.
     *
     * @param host receives every call the guest makes to an import
     * @throws EngineTrap if the start function traps or outlives {@code startTimeout}
     */
    BackendInstance instantiate(List<HostFunction> imports, HostInvoker host, Duration startTimeout);

    /**
     * Which engine runs it and how, for logs and the actuator: e.g. {@code wasmtime}, {@code chicory
     * compiled}, or {@code chicory interpreter: <why the compiler could not take it>}.
     */
    String description();

    @Override
    void close();
}
