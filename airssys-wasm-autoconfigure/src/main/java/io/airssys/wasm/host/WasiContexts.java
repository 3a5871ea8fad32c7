package io.airssys.wasm.host;

import io.airssys.wasm.engine.WasiOptions;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * unless writing to it is granted. Only granted environment variables are visible. Standard
 * output goes to the component's logger at INFO, standard error at WARN.
 */
public final class WasiContexts {

    private WasiContexts() {
    }

    /**
     * @param principal   the component ({@code id} or {@code id@version...}); its id becomes {@code argv[0]}
     * @param environment the host's variables, usually {@code System.getenv()}
     */
    public static WasiOptions forComponent(String principal, CapabilitySet capabilities,
                                           Map<String, String> environment) {
        String componentId = principal.contains("@") ? principal.substring(0, principal.indexOf('@')) : principal;
        Map<String, Boolean> directories = new TreeMap<>();
        capabilities.all(Capability.FilesystemRead.class).forEach(read -> read.pattern().subtreeRoot()
                .ifPresent(root -> directories.putIfAbsent(root, true)));
        capabilities.all(Capability.FilesystemWrite.class).forEach(write -> write.pattern().subtreeRoot()
                .ifPresent(root -> directories.put(root, false)));
        List<WasiOptions.Preopen> preopens = directories.entrySet().stream()
                .filter(entry -> Files.isDirectory(Path.of(entry.getKey())))
                .map(entry -> new WasiOptions.Preopen(Path.of(entry.getKey()), entry.getKey(), entry.getValue()))
                .toList();
        Map<String, String> env = new LinkedHashMap<>();
        capabilities.all(Capability.EnvironmentVariable.class).forEach(granted -> environment.forEach((name, value) -> {
            if (granted.pattern().matches(name)) {
                env.put(name, value);
            }
        }));
        Logger logger = HostServices.componentLogger(principal);
        return new WasiOptions(preopens, env, List.of(componentId), logger::info, logger::warn);
    }
}
