package io.airssys.wasm.engine;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.WasmModuleInfo;
import io.airssys.wasm.engine.spi.BackendModule;
import java.util.Map;
import java.util.Optional;

/**
 * A module compiled once by a {@link WasmEngine}, shared by every instance made from it.
 * Thread-safe. Close it after the pools that use it.
 */
public final class CompiledModule implements AutoCloseable {

    private final WasmEngine engine;
    private final String name;
    private final WasmModuleInfo info;
    private final BackendModule module;
    private final ModuleLimits limits;
    private final Map<String, FunctionType> exportedFunctions;
    private volatile boolean closed;

    CompiledModule(WasmEngine engine, String name, WasmModuleInfo info, BackendModule module, ModuleLimits limits) {
        this.engine = engine;
        this.name = name;
        this.info = info;
        this.module = module;
        this.limits = limits;
        this.exportedFunctions = info.exportedFunctions();
    }

    /** Signature of an exported function; looked up on every call, so computed once. */
    public Optional<FunctionType> exportedFunction(String name) {
        return Optional.ofNullable(exportedFunctions.get(name));
    }

    /** Every exported function by name. */
    public Map<String, FunctionType> exportedFunctions() {
        return exportedFunctions;
    }

    /** The label given at compile time; it names the module in errors. */
    public String name() {
        return name;
    }

    /** Structure of the module as compiled, that is with its memory capped. */
    public WasmModuleInfo info() {
        return info;
    }

    /** Which engine runs it and how, e.g. {@code wasmtime} or {@code chicory interpreter: <why>}. */
    public String engineDescription() {
        return module.description();
    }

    public ModuleLimits limits() {
        return limits;
    }

    WasmEngine engine() {
        return engine;
    }

    BackendModule backend() {
        if (closed) {
            throw new IllegalStateException("module '" + name + "' is closed");
        }
        return module;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            module.close();
        }
    }

    @Override
    public String toString() {
        return "CompiledModule[" + name + "]";
    }
}
