package io.airssys.wasm.engine.wasmtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmtimeNativeLibraryTest {

    @TempDir
    Path cache;

    @Test
    void extractsTheLibraryOnceIntoAVersionedDirectoryAndReusesIt() throws Exception {
        Path first = WasmtimeNativeLibrary.extract(cache);
        FileTime written = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first, written);

        Path second = WasmtimeNativeLibrary.extract(cache);

        assertThat(second).isEqualTo(first);
        assertThat(first.getParent().getFileName().toString()).startsWith("wasmtime-java-");
        assertThat(Files.getLastModifiedTime(second)).as("not copied again").isEqualTo(written);
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertThat(files).as("no partial copies left behind").containsExactly(first);
        }
    }

    @Test
    void replacesATruncatedCopy() throws Exception {
        Path library = WasmtimeNativeLibrary.extract(cache);
        long size = Files.size(library);
        Files.write(library, new byte[10]);

        assertThat(Files.size(WasmtimeNativeLibrary.extract(cache))).isEqualTo(size);
    }

    @Test
    void namesTheLibraryForEachSupportedPlatform() {
        assertThat(WasmtimeNativeLibrary.resourceName("0.19.0", "Linux", "amd64"))
                .isEqualTo("libwasmtime_jni_0.19.0_linux_x86_64.so");
        assertThat(WasmtimeNativeLibrary.resourceName("0.19.0", "Mac OS X", "aarch64"))
                .isEqualTo("libwasmtime_jni_0.19.0_macos_aarch64.dylib");
        assertThat(WasmtimeNativeLibrary.resourceName("0.19.0", "Windows 11", "amd64"))
                .isEqualTo("wasmtime_jni_0.19.0_windows_x86_64.dll");
        assertThatThrownBy(() -> WasmtimeNativeLibrary.resourceName("0.19.0", "SunOS", "sparcv9"))
                .hasMessageContaining("SunOS");
    }
}
