package io.airssys.wasm.host.wasi;

import io.airssys.wasm.security.FileAccess;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a component's WASI preview 1 context holds: its arguments, environment, preopened
 * directories, where its standard output and error go, and how much it may write.
 *
 * @param args            command-line arguments ({@code argv[0]} first)
 * @param env             environment variables it sees
 * @param preopens        directories it may open files under
 * @param stdout          receives each line written to standard output
 * @param stderr          receives each line written to standard error
 * @param outputPerCall   bytes of standard output and error passed on per call; the rest is dropped and counted
 * @param outputPerInstance bytes passed on over an instance's life
 * @param maxFileBytes    largest size a file may be written or extended to
 */
public record WasiConfig(
        List<String> args,
        Map<String, String> env,
        List<Preopen> preopens,
        Consumer<String> stdout,
        Consumer<String> stderr,
        long outputPerCall,
        long outputPerInstance,
        long maxFileBytes) {

    public WasiConfig {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        preopens = List.copyOf(preopens);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (outputPerCall < 0 || outputPerInstance < 0 || maxFileBytes < 0) {
            throw new IllegalArgumentException("output and file limits must not be negative");
        }
    }

    /**
     * A directory the guest sees at {@code guestPath}; with {@code readOnly} it can open and list,
     * never create, write, rename or remove.
     */
    public record Preopen(String guestPath, FileAccess directory, boolean readOnly) {}
}
