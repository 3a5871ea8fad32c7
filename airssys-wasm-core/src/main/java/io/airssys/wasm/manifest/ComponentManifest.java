package io.airssys.wasm.manifest;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.security.CapabilitySet;
import java.util.Optional;

/**
 * What a component's {@code Component.toml} declares: who it is, which WIT world it implements,
 * the capabilities it requests and the resources it needs.
 *
 * @param id          lowercase kebab-case, unique in the host
 * @param version     its semantic version
 * @param world       the WIT world it implements, e.g. {@code airssys:core/component@1.0.0}
 * @param description free text
 * @param requested   the capabilities of its {@code [permissions]} tables
 * @param resources   its {@code [resources]} table
 */
public record ComponentManifest(
        String id,
        SemanticVersion version,
        Optional<String> world,
        Optional<String> description,
        CapabilitySet requested,
        ResourceLimits resources) {

    /** {@code id@version}, the label used in logs and errors. */
    public String label() {
        return id + "@" + version;
    }
}
