package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiTest {

    /** WASI errno for "operation not permitted". */
    private static final int EPERM = 63;

    private static WasmEngine engine;
    private static CompiledModule module;

    @TempDir
    Path dir;

    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void compile() {
        engine = WasmEngine.create();
        module = engine.compile("wasi-guest@1.0.0", Wat.fixture("wasi-guest"), ModuleLimits.DEFAULT);
    }

    @AfterAll
    static void close() {
        module.close();
        engine.close();
    }

    private InstancePool pool(List<WasiOptions.Preopen> preopens) {
        return new InstancePool(module, List.of(), PoolSettings.defaults(),
                new WasiOptions(preopens, Map.of(), List.of(), stdout::add, stderr::add));
    }

    @Test
    void guestOutputReachesTheSinksLineByLine() {
        try (InstancePool pool = pool(List.of())) {
            assertThat(pool.call("say")).containsExactly(0);

            assertThat(stdout).containsExactly("hello from wasi");
            assertThat(stderr).containsExactly("oops");
        }
        assertThat(stdout).as("the partial last line is flushed when the instance closes")
                .containsExactly("hello from wasi", "partial");
    }

    @Test
    void readOnlyPreopenRefusesToCreateFiles() throws IOException {
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        Path writable = Files.createDirectories(dir.resolve("rw"));
        try (InstancePool pool = pool(List.of(
                new WasiOptions.Preopen(readOnly, "/ro", true),
                new WasiOptions.Preopen(writable, "/rw", false)))) {
            assertThat(pool.call("create", 3)).containsExactly(EPERM);
            assertThat(readOnly.resolve("created.txt")).doesNotExist();

            assertThat(pool.call("create", 4)).containsExactly(0);
            assertThat(writable.resolve("created.txt")).exists();
        }
    }

    @Test
    void wasiImportsNeedAWasiContext() {
        assertThatThrownBy(() -> new InstancePool(module, List.of(), PoolSettings.defaults()))
                .isInstanceOfSatisfying(WasmLinkException.class, e -> assertThat(e.problems()).containsExactly(
                        "it imports WASI function wasi_snapshot_preview1.fd_write but no WASI context is configured for it",
                        "it imports WASI function wasi_snapshot_preview1.path_open but no WASI context is configured for it"));
    }
}
