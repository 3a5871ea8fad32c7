package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compile cache keeps compiled modules across restarts, on either engine. */
class CompileCacheTest {

    @TempDir
    Path cache;

    private int callAdd() {
        try (WasmEngine engine = WasmEngine.create(EngineSettings.defaults().withCompileCache(cache));
                CompiledModule module = engine.compile("calc@1.0.0", Wat.fixture("calculator"), ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(module, calculatorHost(), PoolSettings.defaults())) {
            return (Integer) pool.call("add", 20, 22)[0];
        }
    }

    private static List<HostFunction> calculatorHost() {
        return List.of(
                new HostFunction("host", "add", InstancePoolTest.I32_I32_TO_I32, call ->
                        new Object[] {call.intArg(0) + call.intArg(1)}),
                new HostFunction("host", "log", InstancePoolTest.I32_I32_TO_NOTHING, call -> new Object[0]));
    }

    private long cachedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().endsWith(".toml"))
                    .count();
        }
    }

    @Test
    void aRestartedEngineRunsModulesFromTheCache() throws IOException {
        assertThat(callAdd()).isEqualTo(42);
        assertThat(cachedFiles()).isPositive();

        assertThat(callAdd()).as("after a restart, from the cache").isEqualTo(42);
    }
}
