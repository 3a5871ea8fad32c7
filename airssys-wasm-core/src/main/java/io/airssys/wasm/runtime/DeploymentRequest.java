package io.airssys.wasm.runtime;

import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.security.CapabilitySet;
import java.util.Objects;
import java.util.Optional;

/**
 * What to deploy and how: an artifact, optionally a manifest standing in for its
 * {@code airssys:manifest} section (for a bare module), optionally grants in place of the
 * operator's configured ones, and a strategy (immediate unless set).
 *
 * <pre>{@code
 * runtime.deploy(DeploymentRequest.of(bytes).withGrants(grants).withStrategy(DeploymentStrategy.canary(10)));
 * }</pre>
 */
public record DeploymentRequest(
        byte[] artifact, Optional<String> manifest, Optional<CapabilitySet> grants, DeploymentStrategy strategy) {

    public DeploymentRequest {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(strategy, "strategy");
    }

    /** The artifact, deployed immediately with its embedded manifest and the configured grants. */
    public static DeploymentRequest of(byte[] artifact) {
        return new DeploymentRequest(artifact, Optional.empty(), Optional.empty(), DeploymentStrategy.immediate());
    }

    /** Uses this Component.toml text instead of the artifact's {@code airssys:manifest} section. */
    public DeploymentRequest withManifest(String componentToml) {
        return new DeploymentRequest(artifact, Optional.of(componentToml), grants, strategy);
    }

    /** Grants exactly these capabilities, instead of the operator's configured grants. */
    public DeploymentRequest withGrants(CapabilitySet value) {
        return new DeploymentRequest(artifact, manifest, Optional.of(value), strategy);
    }

    public DeploymentRequest withStrategy(DeploymentStrategy value) {
        return new DeploymentRequest(artifact, manifest, grants, value);
    }
}
