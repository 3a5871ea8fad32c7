package io.airssys.wasm.engine.chicory;

import com.dylibso.chicory.experimental.aot.AotCompiler;
import com.dylibso.chicory.experimental.aot.CompilerResult;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.airssys.wasm.Sha256;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.ModuleRejectedException;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.engine.spi.EngineBackend;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chicory engine: wasm run on the JVM itself, compiled to JVM bytecode once per module, or
 * interpreted when Chicory's compiler cannot take the module (very large functions or modules).
 * Guest code runs on the Java stack of the caller's thread, so deep recursion ends as a
 * stack-overflow trap; call deadlines are enforced by interrupting that thread. With a compile
 * cache, generated classes are kept on disk for the next start ({@link CompiledClassCache}).
 */
public final class ChicoryBackend implements EngineBackend {

    private static final Logger log = LoggerFactory.getLogger(ChicoryBackend.class);

    private final DeadlineWatchdog watchdog;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final CompiledClassCache diskCache;

    public ChicoryBackend(EngineSettings settings) {
        this.diskCache = settings.compileCache()
                .map(directory -> new CompiledClassCache(directory.resolve("chicory")))
                .orElse(null);
        this.watchdog = new DeadlineWatchdog(settings.epochTick());
    }

    /**
     * Compiles a module, or shares the compiled classes of identical bytes compiled before and still
     * in use; the classes are dropped (and unloaded by the JVM) when the last module using them closes.
     */
    @Override
    public BackendModule compile(String name, byte[] bytes) {
        String key = Sha256.hex(bytes);
        Compiled shared =
                compiled.compute(key, (k, existing) -> existing != null ? existing.retain() : parse(name, bytes, key));
        return new ChicoryModule(name, shared.module(), shared.machines(), watchdog, () -> release(key, shared));
    }

    private void release(String key, Compiled shared) {
        compiled.computeIfPresent(key, (k, current) -> current == shared && shared.release() ? null : current);
    }

    /** Modules whose compiled classes are held now; for tests. */
    int cachedModules() {
        return compiled.size();
    }

    private Compiled parse(String name, byte[] bytes, String sha256) {
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (RuntimeException e) {
            throw new ModuleRejectedException(name, "the engine could not compile it: " + e.getMessage());
        } catch (AssertionError e) {
            // Chicory's parser asserts (when assertions are enabled) on some malformed code instead
            // of reporting it; the module is malformed either way and is refused like any other
            throw new ModuleRejectedException(name, "the engine could not compile it: its code is malformed");
        }
        return new Compiled(module, machines(name, module, sha256));
    }

    /**
     * The module's compiled machines (from the disk cache when it has them), or the interpreter's
     * when the compiler fails on the module.
     */
    private Machines machines(String name, WasmModule module, String sha256) {
        if (diskCache != null) {
            Optional<Function<Instance, Machine>> cached = diskCache.load(sha256);
            if (cached.isPresent()) {
                return new Machines(cached.get(), null);
            }
        }
        try {
            CompilerResult result = AotCompiler.compileModule(module);
            if (diskCache != null) {
                diskCache.store(sha256, result.classBytes());
            }
            return new Machines(result.machineFactory(), null);
        } catch (RuntimeException e) {
            String reason =
                    "Chicory's compiler could not compile it (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); it runs in the interpreter";
            log.warn("'{}': {}", name, reason);
            return new Machines(InterpreterMachine::new, reason);
        }
    }

    /** How the instances of a module run, and why they are interpreted if they are. */
    record Machines(Function<Instance, Machine> factory, String interpreterReason) {}

    /** A parsed and compiled module and how many open modules use it; guarded by the map's lock. */
    private static final class Compiled {
        private final WasmModule module;
        private final Machines machines;
        private int users = 1;

        Compiled(WasmModule module, Machines machines) {
            this.module = module;
            this.machines = machines;
        }

        WasmModule module() {
            return module;
        }

        Machines machines() {
            return machines;
        }

        Compiled retain() {
            users++;
            return this;
        }

        /** Whether this was the last user. */
        boolean release() {
            return --users == 0;
        }
    }

    /** Guest code runs on the Java stack: an overflow is a {@code StackOverflowError} turned into a trap. */
    @Override
    public boolean needsGuestThreads() {
        return false;
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
