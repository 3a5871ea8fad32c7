package io.airssys.wasm.deployment;

import io.airssys.wasm.SemanticVersion;
import java.util.Optional;

/** Something that changed in what serves a component. */
public sealed interface DeploymentEvent {

    String componentId();

    /**
     * A version started serving (fully, or as canary / rolling candidate taking {@code percent}
     * of the calls), replacing {@code previous} if any.
     */
    record Deployed(
            String componentId,
            SemanticVersion version,
            DeploymentStrategy.Kind strategy,
            Optional<SemanticVersion> previous,
            int percent,
            boolean sticky)
            implements DeploymentEvent {}

    /** The candidate became the only version, or the blue-green standby was released. */
    record Promoted(String componentId, SemanticVersion version) implements DeploymentEvent {}

    /** Traffic went back to {@code version}, leaving {@code from}. */
    record RolledBack(String componentId, SemanticVersion from, SemanticVersion version) implements DeploymentEvent {}

    /** The canary's share changed. */
    record WeightChanged(String componentId, SemanticVersion version, int percent) implements DeploymentEvent {}

    /** A version was refused before taking traffic, e.g. it failed its health check. */
    record Refused(String componentId, SemanticVersion version, String reason) implements DeploymentEvent {}

    /** The component stopped serving. */
    record Undeployed(String componentId, SemanticVersion version) implements DeploymentEvent {}
}
