package io.airssys.wasm.deployment;

/** Told of every {@link DeploymentEvent}, on the thread that caused it. */
@FunctionalInterface
public interface DeploymentListener {
    void onEvent(DeploymentEvent event);
}
