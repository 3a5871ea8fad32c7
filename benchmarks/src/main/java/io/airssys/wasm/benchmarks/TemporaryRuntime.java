package io.airssys.wasm.benchmarks;

import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.storage.InMemoryComponentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;

/** A runtime on one engine, its registry in a temporary directory removed on close. */
final class TemporaryRuntime implements AutoCloseable {

    final ComponentRuntime runtime;
    private final Path registry;

    /** {@code configure} adds what a benchmark needs to the builder (host interfaces, grants). */
    TemporaryRuntime(EngineType engine, UnaryOperator<RuntimeConfig.Builder> configure) {
        try {
            registry = Files.createTempDirectory("airssys-wasm-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime = ComponentRuntime.create(configure
                .apply(RuntimeConfig.builder(registry)
                        .engine(EngineSettings.defaults().withType(engine))
                        .store(new InMemoryComponentStore()))
                .build());
    }

    @Override
    public void close() {
        runtime.close();
        try (var files = Files.walk(registry)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
