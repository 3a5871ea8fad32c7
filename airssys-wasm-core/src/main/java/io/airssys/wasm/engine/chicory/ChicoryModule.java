package io.airssys.wasm.engine.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.engine.spi.HostInvoker;
import java.time.Duration;
import java.util.List;

/** A module parsed (and compiled, when the compiler takes it) once, shared by its instances. */
final class ChicoryModule implements BackendModule {

    private final String name;
    private final WasmModule module;
    private final ChicoryBackend.Machines machines;
    private final DeadlineWatchdog watchdog;
    private final Runnable release;
    private boolean closed;

    ChicoryModule(
            String name,
            WasmModule module,
            ChicoryBackend.Machines machines,
            DeadlineWatchdog watchdog,
            Runnable release) {
        this.name = name;
        this.module = module;
        this.machines = machines;
        this.watchdog = watchdog;
        this.release = release;
    }

    @Override
    public BackendInstance instantiate(List<HostFunction> imports, HostInvoker host, Duration startTimeout) {
        return new ChicoryInstance(module, machines.factory(), imports, host, watchdog, startTimeout);
    }

    @Override
    public String description() {
        return machines.interpreterReason() == null
                ? "chicory compiled"
                : "chicory interpreter: " + machines.interpreterReason();
    }

    /** Releases the compiled classes, unloaded once no module or instance uses them. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }

    @Override
    public String toString() {
        return "ChicoryModule[" + name + ", " + description() + "]";
    }
}
