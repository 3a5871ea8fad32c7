package io.airssys.wasm.engine;

import io.airssys.wasm.binary.ExternKind;
import io.airssys.wasm.binary.ExternType.MemoryType;
import io.airssys.wasm.binary.ExternType.TableType;
import io.airssys.wasm.binary.FuelInstrumenter;
import io.airssys.wasm.binary.LimitRewriter;
import io.airssys.wasm.binary.WasmFormatException;
import io.airssys.wasm.binary.WasmImport;
import io.airssys.wasm.binary.WasmModuleInfo;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.engine.chicory.ChicoryBackend;
import io.airssys.wasm.engine.spi.EngineBackend;
import io.airssys.wasm.engine.wasmtime.WasmtimeBackend;
import java.util.List;
import java.util.Objects;

/**
 * The wasm engine of an application: compiles modules once (read, checked and capped here,
 * compiled by the engine implementation behind {@link EngineBackend}), enforces call deadlines
 * and owns the threads guest code runs on. Thread-safe; create one and share it, close it on
 * shutdown.
 */
public final class WasmEngine implements AutoCloseable {

    private final EngineSettings settings;
    private final EngineBackend backend;
    private final GuestThreads guestThreads;
    private volatile boolean closed;

    private WasmEngine(EngineSettings settings) {
        this.settings = settings;
        this.backend = switch (settings.type()) {
            case WASMTIME -> new WasmtimeBackend(settings);
            case CHICORY -> new ChicoryBackend(settings);
        };
        this.guestThreads = new GuestThreads(
                settings.guestThreadStackBytes(), settings.maxGuestThreads(), !backend.needsGuestThreads());
    }

    public static WasmEngine create() {
        return create(EngineSettings.defaults());
    }

    public static WasmEngine create(EngineSettings settings) {
        return new WasmEngine(Objects.requireNonNull(settings, "settings"));
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Reads, caps and compiles a module. {@code name} labels it in every error and log line
     * (the runtime passes {@code component@version}).
     *
     * @throws io.airssys.wasm.binary.WasmFormatException if the bytes are not a well-formed module or
     *                                                    exceed the engine's {@link EngineSettings#binaryLimits()}
     * @throws ModuleRejectedException                    if the module cannot be run within {@code limits}
     *                                                    or the engine finds it invalid
     */
    public CompiledModule compile(String name, byte[] bytes, ModuleLimits limits) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        ensureOpen();
        WasmModuleInfo original = WasmModuleReader.read(bytes, settings.binaryLimits());
        checkMemoryCanBeCapped(name, original, limits);
        checkTablesCanBeCapped(name, original, limits);
        byte[] capped = LimitRewriter.capTables(
                LimitRewriter.capMemories(bytes, limits.memoryMaxPages()), limits.tableMaxElements());
        byte[] runnable = limits.metered() ? metered(name, capped, limits.fuelPerCall()) : capped;
        // the module's own view (exports, imports) leaves out what metering added
        return new CompiledModule(this, name, WasmModuleReader.read(capped), backend.compile(name, runnable), limits);
    }

    private static byte[] metered(String name, byte[] module, long fuelPerCall) {
        try {
            return FuelInstrumenter.instrument(module, fuelPerCall);
        } catch (WasmFormatException e) {
            throw new ModuleRejectedException(name, "it cannot be metered for fuel: " + e.getMessage());
        }
    }

    private static void checkMemoryCanBeCapped(String name, WasmModuleInfo info, ModuleLimits limits) {
        List<WasmImport> importedMemories = info.imports(ExternKind.MEMORY);
        if (!importedMemories.isEmpty()) {
            throw new ModuleRejectedException(
                    name,
                    "it imports its linear memory (" + importedMemories.get(0)
                            + "); a component must define its own memory so the host can cap it");
        }
        if (info.memories().size() > 1) {
            throw new ModuleRejectedException(
                    name, "it defines " + info.memories().size() + " memories; a component has one memory");
        }
        for (MemoryType memory : info.memories()) {
            if (memory.memory64()) {
                throw new ModuleRejectedException(name, "it declares a 64-bit memory, which is not supported");
            }
            if (memory.minPages() > limits.memoryMaxPages()) {
                throw new ModuleRejectedException(
                        name,
                        "it needs an initial memory of " + memory.minPages()
                                + " pages (" + ModuleLimits.describePages(memory.minPages()) + "), above its limit of "
                                + limits.memoryMaxPages() + " pages ("
                                + ModuleLimits.describePages(limits.memoryMaxPages()) + ")");
            }
        }
    }

    private static void checkTablesCanBeCapped(String name, WasmModuleInfo info, ModuleLimits limits) {
        List<WasmImport> importedTables = info.imports(ExternKind.TABLE);
        if (!importedTables.isEmpty()) {
            throw new ModuleRejectedException(
                    name,
                    "it imports a table (" + importedTables.get(0)
                            + "); a component must define its own tables so the host can cap them");
        }
        for (TableType table : info.tables()) {
            if (table.min() > limits.tableMaxElements()) {
                throw new ModuleRejectedException(
                        name,
                        "it needs a table of " + table.min() + " elements, above its limit of "
                                + limits.tableMaxElements() + " elements");
            }
        }
    }

    GuestThreads guestThreads() {
        return guestThreads;
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("wasm engine is closed");
        }
    }

    /** Stops the epoch ticker and releases the engine. Modules compiled by it must not be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        guestThreads.close();
        backend.close();
    }
}
