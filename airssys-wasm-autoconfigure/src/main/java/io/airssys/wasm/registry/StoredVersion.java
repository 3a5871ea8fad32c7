package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import java.time.Instant;

/**
 * One immutable stored version of a component: its artifact is kept by content hash, so the
 * same id and version can never come to mean different bytes.
 */
public record StoredVersion(String componentId, SemanticVersion version, String sha256, long size, Instant storedAt) {

    public String label() {
        return componentId + "@" + version;
    }
}
