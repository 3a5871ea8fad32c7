package io.airssys.wasm.engine.spi;

import io.airssys.wasm.engine.HostFunction;

/**
 * Where a backend sends the guest's calls to host functions. It returns the results as boxed core
 * values, or throws; a backend lets what it throws unwind the guest, by whatever means its engine
 * has, and ends the export call with an {@link EngineTrap} (the engine-neutral side remembers
 * what the host threw and reports that instead).
 */
@FunctionalInterface
public interface HostInvoker {

    Object[] invoke(HostFunction function, Object[] args);
}
