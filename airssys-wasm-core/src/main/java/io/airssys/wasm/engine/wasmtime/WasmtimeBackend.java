package io.airssys.wasm.engine.wasmtime;

import io.airssys.wasm.binary.TrampolineInstrumenter;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.ModuleRejectedException;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.engine.spi.EngineBackend;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The wasmtime engine, through wasmtime-java: modules compiled to native code, call deadlines
 * enforced by epoch interruption (one ticker thread per engine), guest stack bounded by
 * wasmtime's own limit. The binding marshals every argument and result through JNI at some
 * microseconds each, so modules get trampolines ({@link TrampolineInstrumenter}) and calls pass
 * their values through guest memory instead: one crossing without values per call.
 */
public final class WasmtimeBackend implements EngineBackend {

    static {
        WasmtimeNativeLibrary.ensureLoaded();
    }

    private final Engine engine;
    private final EpochTicker ticker;
    private final long tickNanos;

    public WasmtimeBackend(EngineSettings settings) {
        try (Config config = new Config()) {
            config.epochInterruption(true);
            config.maxWasmStack(settings.maxWasmStackBytes());
            settings.compileCache().ifPresent(directory -> useCache(config, directory));
            this.engine = new Engine(config);
        }
        this.tickNanos = settings.epochTick().toNanos();
        this.ticker = new EpochTicker(engine, settings.epochTick());
    }

    @Override
    public BackendModule compile(String name, byte[] bytes) {
        TrampolineInstrumenter.Result trampolined = TrampolineInstrumenter.instrument(bytes);
        try {
            return new WasmtimeModule(
                    this, name, Module.fromBinary(engine, trampolined.module()), new ScratchCalls(trampolined));
        } catch (WasmtimeException e) {
            throw new ModuleRejectedException(name, "the engine could not compile it: " + e.getMessage());
        }
    }

    /**
     * Turns on wasmtime's own compile cache, configured by a file it reads once: compiled code is
     * kept in {@code <directory>/wasmtime} (made when first written), keyed by the module's bytes,
     * the engine's settings and wasmtime's version.
     */
    private static void useCache(Config config, Path directory) {
        Path cache = directory.resolve("wasmtime").toAbsolutePath();
        String quoted = cache.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        try {
            Path file = Files.createTempFile("airssys-wasm-cache-", ".toml");
            try {
                Files.writeString(file, "[cache]\nenabled = true\ndirectory = \"" + quoted + "\"\n");
                config.cacheConfigLoad(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the compile cache in " + directory, e);
        }
    }

    Engine engine() {
        return engine;
    }

    /** Epoch ticks to allow for a call of {@code timeout}: rounded up, plus one for the tick in progress. */
    long deadlineTicks(Duration timeout) {
        return (timeout.toNanos() + tickNanos - 1) / tickNanos + 1;
    }

    /** The engine's epoch, give or take the tick in progress; reading it costs no crossing into the engine. */
    long epoch() {
        return ticker.epoch();
    }

    /** The epoch due at {@code nanos}, whether or not the ticker has issued it yet. */
    long epochDueAt(long nanos) {
        return ticker.dueAt(nanos);
    }

    @Override
    public void close() {
        ticker.close();
        engine.dispose();
    }
}
