package io.airssys.wasm.host;

import io.airssys.wasm.host.wasi.WasiConfig;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Builds a component's WASI preview 1 context from its capabilities. A filesystem grant
 * becomes a preopen only when it covers a whole directory ({@code /data/**} or {@code /data}),
 * since WASI cannot enforce a pattern such as {@code /data/*.txt}; such finer grants are usable
 * through {@code airssys:filesystem}, checked path by path. A directory is preopened read-only
 * unless writing to it is granted, and is reached only through the enforcer's anchored
 * {@link io.airssys.wasm.security.FileAccess}. Only granted environment variables are visible.
 * Standard output goes to the component's logger at INFO, standard error at WARN.
 */
public final class WasiContexts {

    private WasiContexts() {}

    /**
     * @param principal   the component as the enforcer knows it ({@code id@version...}); its id becomes {@code argv[0]}
     * @param environment the host's variables, usually {@code System.getenv()}
     * @param limits      output and file size limits
     */
    public static WasiConfig forComponent(
            String principal,
            CapabilityEnforcer enforcer,
            CapabilitySet capabilities,
            Map<String, String> environment,
            WasiLimits limits) {
        String componentId = principal.contains("@") ? principal.substring(0, principal.indexOf('@')) : principal;
        Map<String, Boolean> directories = new TreeMap<>();
        capabilities
                .all(Capability.FilesystemRead.class)
                .forEach(read -> read.pattern().subtreeRoot().ifPresent(root -> directories.putIfAbsent(root, true)));
        capabilities
                .all(Capability.FilesystemWrite.class)
                .forEach(write -> write.pattern().subtreeRoot().ifPresent(root -> directories.put(root, false)));
        List<WasiConfig.Preopen> preopens = new ArrayList<>();
        directories.forEach((directory, readOnly) -> {
            if (Files.isDirectory(Path.of(directory))) {
                preopens.add(new WasiConfig.Preopen(
                        directory,
                        readOnly ? enforcer.checkRead(principal, directory) : enforcer.checkWrite(principal, directory),
                        readOnly));
            }
        });
        Map<String, String> env = new LinkedHashMap<>();
        capabilities
                .all(Capability.EnvironmentVariable.class)
                .forEach(granted -> environment.forEach((name, value) -> {
                    if (granted.pattern().matches(name)) {
                        env.put(name, value);
                    }
                }));
        Logger logger = HostServices.componentLogger(principal);
        return new WasiConfig(
                List.of(componentId),
                env,
                preopens,
                logger::info,
                logger::warn,
                limits.outputPerCall(),
                limits.outputPerInstance(),
                limits.maxFileBytes());
    }

    /**
     * @param outputPerCall     bytes of standard output and error passed to the log per call
     * @param outputPerInstance bytes passed over an instance's life
     * @param maxFileBytes      largest file a component may write
     */
    public record WasiLimits(long outputPerCall, long outputPerInstance, long maxFileBytes) {

        /** 64 KiB of output per call, 1 MiB per instance, files up to 64 MiB. */
        public static final WasiLimits DEFAULT = new WasiLimits(64 << 10, 1 << 20, 64L << 20);
    }
}
