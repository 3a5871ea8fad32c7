package io.airssys.wasm.deployment;

import java.util.Optional;

/** Something that changed in what serves a component. */
public sealed interface DeploymentEvent {

    String componentId();

    /** A version started serving (fully, or as canary / rolling candidate). */
    record Deployed(String componentId, String version, String strategy, Optional<String> previous)
            implements DeploymentEvent {
    }

    /** The candidate became the only version, or the blue-green standby was released. */
    record Promoted(String componentId, String version) implements DeploymentEvent {
    }

    /** Traffic went back to {@code version}, leaving {@code from}. */
    record RolledBack(String componentId, String from, String version) implements DeploymentEvent {
    }

    /** The canary's share changed. */
    record WeightChanged(String componentId, String version, int percent) implements DeploymentEvent {
    }

    /** A version was refused before taking traffic, e.g. it failed its health check. */
    record Refused(String componentId, String version, String reason) implements DeploymentEvent {
    }

    /** The component stopped serving. */
    record Undeployed(String componentId, String version) implements DeploymentEvent {
    }
}
