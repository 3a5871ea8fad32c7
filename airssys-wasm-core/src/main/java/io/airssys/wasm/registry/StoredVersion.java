package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import java.time.Instant;
import java.util.Optional;

/**
 * One immutable stored version of a component: its artifact is kept by content hash, so the
 * same id and version can never come to mean different bytes.
 *
 * @param manifest the Component.toml that admitted this version (the embedded one or one given
 *                 beside a bare module); restoring uses it, so the version comes back as itself.
 *                 Empty only for versions stored before manifests were kept.
 */
public record StoredVersion(
        String componentId,
        SemanticVersion version,
        String sha256,
        long size,
        Instant storedAt,
        Optional<String> manifest) {

    public String label() {
        return componentId + "@" + version;
    }
}
