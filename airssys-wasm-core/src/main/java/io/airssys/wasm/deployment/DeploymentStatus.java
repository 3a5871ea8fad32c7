package io.airssys.wasm.deployment;

import java.util.List;

/**
 * A component's routing: the versions serving it and how traffic is split between them.
 *
 * @param strategy the strategy of the deployment that set this routing
 * @param sticky   whether a canary split routes by the caller's routing key
 */
public record DeploymentStatus(
        String componentId, DeploymentStrategy.Kind strategy, boolean sticky, List<VersionStats> versions) {

    public DeploymentStatus {
        versions = List.copyOf(versions);
    }
}
