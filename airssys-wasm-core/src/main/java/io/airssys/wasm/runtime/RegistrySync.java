package io.airssys.wasm.runtime;

import io.airssys.wasm.deployment.DeploymentEvent;
import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.registry.ComponentRegistry;

/**
 * Keeps the registry's active pointer on the version that serves a component's traffic, so a
 * restart restores what was serving: a canary or rolling candidate becomes active only when
 * promoted. Ignores the undeploys of shutting down, which keep each component active.
 */
final class RegistrySync implements DeploymentListener {

    private final ComponentRegistry registry;
    private volatile boolean closing;

    RegistrySync(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** From now on, undeploys are the runtime shutting down, not components being stopped. */
    void closing() {
        closing = true;
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        if (closing) {
            return;
        }
        String id = event.componentId();
        if (event instanceof DeploymentEvent.Deployed deployed) {
            if (deployed.strategy() != DeploymentStrategy.Kind.CANARY
                    && deployed.strategy() != DeploymentStrategy.Kind.ROLLING) {
                registry.activate(id, deployed.version());
            }
        } else if (event instanceof DeploymentEvent.Promoted promoted) {
            registry.activate(id, promoted.version());
        } else if (event instanceof DeploymentEvent.RolledBack rolledBack) {
            registry.activate(id, rolledBack.version());
        } else if (event instanceof DeploymentEvent.Undeployed) {
            registry.deactivate(id);
        }
    }
}
