package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.binary.ExternType.FunctionType;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;
import io.github.kawamuray.wasmtime.wasi.DirCaps;
import io.github.kawamuray.wasmtime.wasi.FileCaps;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;
import io.github.kawamuray.wasmtime.wasi.WasiCtxBuilder;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instantiation of a module in its own store. Not thread-safe: an {@link InstancePool}
 * hands it to one caller at a time. After a trap, timeout or host failure it is
 * {@linkplain #isPoisoned() poisoned} and must not be used again.
 */
public final class WasmInstance implements AutoCloseable {

    private static final String MEMORY_EXPORT = "memory";
    private static final String INITIALIZE_EXPORT = "_initialize";

    private final CompiledModule module;
    private final Duration callTimeout;
    private final long deadlineTicks;
    private final Store<Void> store;
    private final Linker wasiLinker;
    private final List<GuestOutput> outputs = new ArrayList<>();
    private final List<Func> hostFuncs = new ArrayList<>();
    private final Map<String, Func> exportedFuncs = new HashMap<>();
    private final Instance instance;
    private final Memory memory;
    private final GuestMemory guestMemory;
    private Throwable hostFailure;
    private String failedHostFunction;
    private boolean poisoned;
    private boolean closed;

    WasmInstance(CompiledModule module, List<HostFunction> linkedImports, Duration callTimeout, WasiOptions wasi) {
        this.module = module;
        this.callTimeout = callTimeout;
        this.deadlineTicks = module.engine().deadlineTicks(callTimeout);
        this.store = wasi == null
                ? new Store<>(null, module.engine().engine())
                : new Store<>(null, module.engine().engine(), wasiContext(wasi));
        this.wasiLinker = wasi == null ? null : new Linker(module.engine().engine());
        Instance created = null;
        try {
            if (wasiLinker != null) {
                WasiCtx.addToLinker(wasiLinker);
            }
            List<Extern> externs = new ArrayList<>(linkedImports.size());
            List<io.airssys.wasm.binary.WasmImport> imports = module.info().imports();
            for (int i = 0; i < linkedImports.size(); i++) {
                HostFunction function = linkedImports.get(i);
                if (function == null) {
                    io.airssys.wasm.binary.WasmImport wasiImport = imports.get(i);
                    Extern wasiFunction = wasiLinker.get(store, wasiImport.module(), wasiImport.name()).orElseThrow(() ->
                            new WasmLinkException(module.name(), List.of("the engine has no WASI function "
                                    + wasiImport.name())));
                    hostFuncs.add(wasiFunction.func());
                    externs.add(wasiFunction);
                    continue;
                }
                Func func = new Func(store, CoreValues.toFuncType(function.type()),
                        (caller, params, results) -> invokeHost(function, params, results));
                hostFuncs.add(func);
                externs.add(Extern.fromFunc(func));
            }
            store.setEpochDeadline(deadlineTicks);
            try {
                created = new Instance(store, module.module(), externs);
            } catch (RuntimeException e) {
                throw translate(e, "<instantiation>");
            }
            this.instance = created;
            this.memory = created.getMemory(store, MEMORY_EXPORT).orElse(null);
            this.guestMemory = memory == null ? null : new GuestMemory(module.name(), memory, store);
            if (module.exportedFunction(INITIALIZE_EXPORT).isPresent()) {
                call(INITIALIZE_EXPORT);
            }
        } catch (RuntimeException | Error e) {
            disposeAll(created);
            throw e;
        }
    }

    /** Label of the module this instance runs. */
    public String moduleName() {
        return module.name();
    }

    public CompiledModule module() {
        return module;
    }

    /**
     * Calls an exported function with boxed core values and returns its results the same way.
     *
     * @throws MissingExportException    if no such function is exported
     * @throws IllegalArgumentException  if the arguments do not match its signature
     * @throws WasmTrapException         if the guest traps
     * @throws WasmTimeoutException      if the call outlives the timeout
     * @throws HostFunctionException     if a host function it called failed
     */
    public Object[] call(String function, Object... args) {
        ensureUsable();
        return invoke(function, args, true);
    }

    /** A call made by a host function into its own caller: same store, the outer deadline still applies. */
    Object[] callReentrant(String function, Object... args) {
        return invoke(function, args, false);
    }

    /** Whether the module exports a function of this name. */
    public boolean exportsFunction(String function) {
        return module.exportedFunction(function).isPresent();
    }

    private Object[] invoke(String function, Object[] args, boolean resetDeadline) {
        FunctionType type = module.exportedFunction(function).orElseThrow(() ->
                new MissingExportException(module.name(), function, module.exportedFunctions().keySet()));
        Val[] vals = CoreValues.toVals(type.params(), args, "'" + module.name() + "' function '" + function + "'");
        Func func = exportedFuncs.computeIfAbsent(function, name -> instance.getFunc(store, name).orElseThrow());
        boolean completed = false;
        try {
            if (resetDeadline) {
                store.setEpochDeadline(deadlineTicks);
            }
            if (guestMemory != null) {
                guestMemory.invalidate(); // the guest may grow its memory
            }
            Object[] results = CoreValues.toObjects(func.call(store, vals));
            if (guestMemory != null) {
                guestMemory.invalidate();
            }
            completed = true;
            return results;
        } catch (RuntimeException e) {
            throw translate(e, function);
        } finally {
            if (!completed) {
                poisoned = true;
            }
            outputs.forEach(GuestOutput::drain);
        }
    }

    private WasiCtx wasiContext(WasiOptions wasi) {
        GuestOutput stdout = new GuestOutput("stdout", wasi.stdout());
        GuestOutput stderr = new GuestOutput("stderr", wasi.stderr());
        outputs.add(stdout);
        outputs.add(stderr);
        WasiCtxBuilder builder = new WasiCtxBuilder().stdout(stdout.file()).stderr(stderr.file()).args(wasi.args());
        wasi.env().forEach(builder::env);
        WasiCtx context = builder.build();
        int fd = 3;
        for (WasiOptions.Preopen preopen : wasi.preopens()) {
            EnumSet<DirCaps> dirCaps = preopen.readOnly()
                    ? EnumSet.of(DirCaps.OPEN, DirCaps.READDIR, DirCaps.READLINK, DirCaps.FILESTAT_GET,
                            DirCaps.PATH_FILESTAT_GET)
                    : EnumSet.allOf(DirCaps.class);
            EnumSet<FileCaps> fileCaps = preopen.readOnly()
                    ? EnumSet.of(FileCaps.READ, FileCaps.SEEK, FileCaps.TELL, FileCaps.FILESTAT_GET, FileCaps.ADVISE,
                            FileCaps.POLL_READWRITE)
                    : EnumSet.allOf(FileCaps.class);
            context.insertDir(fd++, preopen.hostDirectory(), dirCaps, fileCaps, Path.of(preopen.guestPath()));
        }
        return context;
    }

    /** The exported linear memory named {@code memory}, if the module has one. */
    public Optional<GuestMemory> memory() {
        return Optional.ofNullable(guestMemory);
    }

    /** True once a call failed inside the guest; such an instance is discarded, never reused. */
    public boolean isPoisoned() {
        return poisoned;
    }

    private void invokeHost(HostFunction function, Val[] params, Val[] results) {
        try {
            Object[] out = function.handler().call(new HostCall(this, CoreValues.toObjects(params)));
            Val[] vals = CoreValues.toVals(function.type().results(), out, "host function " + function.qualifiedName()
                    + " result");
            System.arraycopy(vals, 0, results, 0, vals.length);
        } catch (Throwable t) {
            // The engine turns this into a trap and drops its type; keep the original for the caller.
            hostFailure = t;
            failedHostFunction = function.qualifiedName();
            throw new IllegalStateException("host function " + function.qualifiedName() + " failed");
        }
    }

    private RuntimeException translate(RuntimeException e, String function) {
        if (hostFailure != null) {
            Throwable cause = hostFailure;
            hostFailure = null;
            return cause instanceof WasmException wasmException
                    ? wasmException
                    : new HostFunctionException(module.name(), failedHostFunction, cause);
        }
        if (e instanceof WasmFunctionError.TrapError trapError) {
            return trapError.trap() == Trap.INTERRUPT
                    ? new WasmTimeoutException(module.name(), function, callTimeout)
                    : new WasmTrapException(module.name(), function, TrapKind.of(trapError.trap()), null);
        }
        if (e instanceof WasmFunctionError.I32ExitError exit) {
            return new WasmTrapException(module.name(), function, TrapKind.EXIT, "exit code " + exit.exitCode());
        }
        if (e instanceof WasmtimeException) {
            return new WasmTrapException(module.name(), function, TrapKind.UNKNOWN, e.getMessage());
        }
        return e;
    }

    private void ensureUsable() {
        if (closed) {
            throw new IllegalStateException("instance of '" + module.name() + "' is closed");
        }
        if (poisoned) {
            throw new IllegalStateException("instance of '" + module.name() + "' failed earlier and cannot be reused");
        }
    }

    private void disposeAll(Instance created) {
        exportedFuncs.values().forEach(Func::dispose);
        exportedFuncs.clear();
        if (memory != null) {
            memory.dispose();
        }
        hostFuncs.forEach(Func::dispose);
        hostFuncs.clear();
        if (created != null) {
            created.dispose();
        }
        store.dispose();
        if (wasiLinker != null) {
            wasiLinker.dispose();
        }
        outputs.forEach(GuestOutput::close);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            disposeAll(instance);
        }
    }
}
