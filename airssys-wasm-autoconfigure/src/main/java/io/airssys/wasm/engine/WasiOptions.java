package io.airssys.wasm.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The WASI preview 1 context each instance of a pool gets. Without it, a module importing
 * {@code wasi_snapshot_preview1} cannot be linked.
 *
 * @param preopens directories the guest may open files under
 * @param env      environment variables it sees
 * @param args     its command-line arguments
 * @param stdout   receives each line the guest writes to standard output
 * @param stderr   receives each line the guest writes to standard error
 */
public record WasiOptions(List<Preopen> preopens, Map<String, String> env, List<String> args,
                          Consumer<String> stdout, Consumer<String> stderr) {

    /** Module name of WASI preview 1 imports. */
    public static final String MODULE = "wasi_snapshot_preview1";

    public WasiOptions {
        preopens = List.copyOf(preopens);
        env = Map.copyOf(env);
        args = List.copyOf(args);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /**
     * A host directory the guest sees at {@code guestPath}; with {@code readOnly} the guest can
     * open and list, never create, write, rename or remove.
     */
    public record Preopen(Path hostDirectory, String guestPath, boolean readOnly) {
    }
}
