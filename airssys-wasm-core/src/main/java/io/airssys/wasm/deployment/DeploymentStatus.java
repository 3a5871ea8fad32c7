package io.airssys.wasm.deployment;

import java.util.List;

/** A component's routing: the versions serving it and how traffic is split between them. */
public record DeploymentStatus(String componentId, String strategy, boolean sticky, List<VersionStats> versions) {

    public DeploymentStatus {
        versions = List.copyOf(versions);
    }
}
