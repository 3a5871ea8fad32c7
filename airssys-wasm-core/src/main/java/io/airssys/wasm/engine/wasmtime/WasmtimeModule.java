package io.airssys.wasm.engine.wasmtime;

import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.engine.spi.HostInvoker;
import io.github.kawamuray.wasmtime.Module;
import java.time.Duration;
import java.util.List;

/** A module compiled by wasmtime, shared by its instances. */
final class WasmtimeModule implements BackendModule {

    private final WasmtimeBackend backend;
    private final String name;
    private final Module module;
    private final ScratchCalls scratchCalls;

    WasmtimeModule(WasmtimeBackend backend, String name, Module module, ScratchCalls scratchCalls) {
        this.backend = backend;
        this.name = name;
        this.module = module;
        this.scratchCalls = scratchCalls;
    }

    @Override
    public BackendInstance instantiate(List<HostFunction> imports, HostInvoker host, Duration startTimeout) {
        return new WasmtimeInstance(backend, module, scratchCalls, imports, host, startTimeout);
    }

    @Override
    public String description() {
        return "wasmtime";
    }

    @Override
    public void close() {
        module.dispose();
    }

    @Override
    public String toString() {
        return "WasmtimeModule[" + name + "]";
    }
}
