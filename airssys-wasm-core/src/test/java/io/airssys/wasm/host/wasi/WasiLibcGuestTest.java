package io.airssys.wasm.host.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.engine.WasmTimeoutException;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.PathPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C program built with wasi-libc ({@code wasm/c/wasi_files.c}) against the host's WASI: files,
 * directories, stat, sleeping and output work as such a program expects, and every escape it
 * tries fails with the errno a POSIX program understands.
 */
class WasiLibcGuestTest {

    private static WasmEngine engine;
    private static CompiledModule module;

    @TempDir
    Path dir;

    private InstancePool pool;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void compile() throws IOException {
        try (InputStream in = WasiLibcGuestTest.class.getResourceAsStream("/wasm/c/wasi_files.wasm")) {
            engine = WasmEngine.create();
            module = engine.compile("wasi-files@1.0.0", in.readAllBytes(), ModuleLimits.DEFAULT);
        }
    }

    @AfterAll
    static void close() {
        module.close();
        engine.close();
    }

    @BeforeEach
    void start() throws IOException {
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        Path writable = Files.createDirectories(dir.resolve("rw"));
        Files.writeString(readOnly.resolve("hello.txt"), "hello, C");
        Files.createDirectory(readOnly.resolve("sub"));
        Files.writeString(dir.resolve("secret.txt"), "not for guests");
        Files.createSymbolicLink(writable.resolve("link.txt"), dir.resolve("secret.txt"));
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(100));
        CapabilitySet granted = CapabilitySet.of(
                new Capability.FilesystemRead(PathPattern.parse(readOnly + "/**")),
                new Capability.FilesystemWrite(PathPattern.parse(writable + "/**")));
        enforcer.admit("c", granted, granted);
        WasiConfig config = new WasiConfig(
                List.of("c"),
                Map.of("MODE", "strict"),
                List.of(
                        new WasiConfig.Preopen("/ro", enforcer.checkRead("c", readOnly.toString()), true),
                        new WasiConfig.Preopen("/rw", enforcer.checkWrite("c", writable.toString()), false)),
                stdout::add,
                stderr::add,
                1 << 16,
                1 << 20,
                1 << 20);
        pool = new InstancePool(
                module,
                new WasiPreview1(config).functions(),
                PoolSettings.defaults().withCallTimeout(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    private int call(String export) {
        return (Integer) pool.call(export)[0];
    }

    @Test
    void filesDirectoriesAndStatWorkAsACProgramExpects() {
        assertThat(call("write-and-read")).isZero();
        assertThat(dir.resolve("rw/note.txt")).hasContent("written 3 times\n");
        assertThat(call("count-entries")).isEqualTo(2);
        assertThat(call("hello-size")).isEqualTo(8);
        assertThat(call("tree-operations")).isZero();
        assertThat(dir.resolve("rw/a")).doesNotExist();
        assertThat(call("mode-length")).isEqualTo(6);
    }

    @Test
    void everyEscapeFailsWithAnErrnoTheProgramUnderstands() {
        assertThat(call("write-read-only")).isEqualTo(Errno.NOTCAPABLE);
        assertThat(call("climb-out")).isEqualTo(Errno.NOTCAPABLE);
        assertThat(call("open-link")).isEqualTo(Errno.LOOP);
        assertThat(call("make-link")).isEqualTo(Errno.PERM);
        assertThat(dir.resolve("ro/new.txt")).doesNotExist();
        assertThat(dir.resolve("rw/planted")).doesNotExist();
    }

    @Test
    void outputReachesTheLogAndASleepEndsWithTheDeadline() {
        assertThat(call("print")).isZero();
        assertThat(stdout).containsExactly("first line", "second line", "partial");
        assertThat(stderr).containsExactly("to stderr");

        long start = System.nanoTime();
        assertThatThrownBy(() -> call("sleep-long")).isInstanceOf(WasmTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
