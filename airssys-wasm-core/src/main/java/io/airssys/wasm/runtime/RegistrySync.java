package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentEvent;
import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.registry.RolloutState;
import java.util.Optional;

/**
 * Keeps the registry in step with what serves, so a restart restores it: the active version
 * (the one serving calls no roll-out takes) and the roll-out in progress (a canary and its
 * share, a rolling step, a blue-green standby), and records each transition in the history
 * with what happened. Ignores the undeploys of shutting down, and the deployments of restoring.
 */
final class RegistrySync implements DeploymentListener {

    private final ComponentRegistry registry;
    private volatile boolean muted;
    private final ThreadLocal<Boolean> quiet = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<RegistryConflictException> conflict = new ThreadLocal<>();

    RegistrySync(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** Stops or resumes recording, while the runtime restores what the registry says or shuts down. */
    void mute(boolean value) {
        muted = value;
    }

    /** Runs {@code change} without recording it: it applies what the registry already says. */
    void quietly(Runnable change) {
        quiet.set(true);
        try {
            change.run();
        } finally {
            quiet.set(false);
        }
    }

    /**
     * The conflict a change made on this thread met in a shared registry since the last call,
     * if it met one: the change was not recorded, and what serves must be brought back in line.
     */
    Optional<RegistryConflictException> takeConflict() {
        Optional<RegistryConflictException> met = Optional.ofNullable(conflict.get());
        conflict.remove();
        return met;
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        if (muted || quiet.get()) {
            return;
        }
        try {
            record(event);
        } catch (RegistryConflictException e) {
            conflict.set(e);
        }
    }

    private void record(DeploymentEvent event) {
        String id = event.componentId();
        if (event instanceof DeploymentEvent.Deployed deployed) {
            deployed(deployed);
        } else if (event instanceof DeploymentEvent.WeightChanged weight) {
            Optional<RolloutState> rollout = registry.rollout(id).map(r -> r.withPercent(weight.percent()));
            SemanticVersion active = registry.active(id).orElseThrow().version();
            registry.transition(id, active, rollout, "weight", weight.version(), by(weight.percent() + "% of calls"));
        } else if (event instanceof DeploymentEvent.Promoted promoted) {
            registry.transition(id, promoted.version(), Optional.empty(), "promote", promoted.version(), by(""));
        } else if (event instanceof DeploymentEvent.RolledBack rolledBack) {
            // a blue-green switch back keeps the version switched away from as the standby
            boolean blueGreen = registry.rollout(id)
                    .filter(r -> r.strategy().equals(RolloutState.BLUE_GREEN))
                    .isPresent();
            registry.transition(
                    id,
                    rolledBack.version(),
                    blueGreen ? Optional.of(RolloutState.blueGreen(rolledBack.from())) : Optional.empty(),
                    "rollback",
                    rolledBack.version(),
                    by("from " + rolledBack.from() + (blueGreen ? ", kept as standby" : "")));
        } else if (event instanceof DeploymentEvent.Refused refused) {
            registry.record(id, "refuse", refused.version(), by(refused.reason()));
        } else if (event instanceof DeploymentEvent.Undeployed) {
            registry.deactivate(id);
        }
    }

    /** {@code detail}, followed by who made the change when an {@link Operator} is known. */
    private static String by(String detail) {
        return Operator.current()
                .map(name -> detail.isEmpty() ? "by " + name : detail + " (by " + name + ")")
                .orElse(detail);
    }

    private void deployed(DeploymentEvent.Deployed deployed) {
        String id = deployed.componentId();
        SemanticVersion version = deployed.version();
        if (deployed.previous().isEmpty() || deployed.strategy() == DeploymentStrategy.Kind.IMMEDIATE) {
            registry.transition(
                    id,
                    version,
                    Optional.empty(),
                    "activate",
                    version,
                    by(deployed.previous().map(p -> "replacing " + p).orElse("deployed")));
            return;
        }
        SemanticVersion previous = deployed.previous().get();
        switch (deployed.strategy()) {
            case BLUE_GREEN ->
                registry.transition(
                        id,
                        version,
                        Optional.of(RolloutState.blueGreen(previous)),
                        "blue-green",
                        version,
                        by("switched from " + previous + ", kept as standby"));
            case CANARY ->
                registry.transition(
                        id,
                        previous,
                        Optional.of(RolloutState.canary(version, deployed.percent(), deployed.sticky())),
                        "canary",
                        version,
                        by(deployed.percent() + "% of calls" + (deployed.sticky() ? ", sticky" : "")));
            case ROLLING ->
                registry.transition(
                        id,
                        previous,
                        Optional.of(RolloutState.rolling(version, deployed.percent())),
                        "rolling",
                        version,
                        by("started"));
            default -> throw new IllegalStateException(deployed.strategy().toString());
        }
    }
}
