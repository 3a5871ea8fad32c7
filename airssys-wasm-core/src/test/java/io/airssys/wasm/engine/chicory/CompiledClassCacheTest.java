package io.airssys.wasm.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledClassCacheTest {

    private static final byte[] MODULE = Wat.compile(
            "(module (func (export \"answer\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 41))))");

    @TempDir
    Path cache;

    private Object answer() {
        try (ChicoryBackend backend =
                        new ChicoryBackend(EngineSettings.defaults().withCompileCache(cache));
                BackendModule module = backend.compile("answer@1.0.0", MODULE);
                BackendInstance instance = module.instantiate(List.of(), null, Duration.ofSeconds(1))) {
            instance.startCall(Duration.ofSeconds(1));
            assertThat(module.description()).isEqualTo("chicory compiled");
            return instance.call("answer", new Object[] {1})[0];
        }
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("chicory"))) {
            return files.toList();
        }
    }

    @Test
    void keepsTheGeneratedClassesOfEachModuleAndLoadsThemOnTheNextStart() throws IOException {
        assertThat(answer()).isEqualTo(42);
        List<Path> kept = cacheFiles();
        assertThat(kept)
                .singleElement()
                .satisfies(file -> assertThat(file.getFileName().toString()).endsWith("-chicory-1.0.0.classes"));
        long written = Files.getLastModifiedTime(kept.get(0)).toMillis();

        assertThat(answer()).isEqualTo(42);
        assertThat(Files.getLastModifiedTime(kept.get(0)).toMillis())
                .as("loaded, not written again")
                .isEqualTo(written);
    }

    @Test
    void aDamagedOrTruncatedFileIsIgnoredAndReplaced() throws IOException {
        answer();
        Path file = cacheFiles().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);

        assertThat(answer()).isEqualTo(42);
        assertThat(Files.readAllBytes(file)).as("replaced by a good copy").isNotEqualTo(bytes);

        Files.write(file, new byte[] {1, 2, 3});
        assertThat(answer()).isEqualTo(42);
        assertThat(Files.size(file)).isGreaterThan(3);
    }
}
