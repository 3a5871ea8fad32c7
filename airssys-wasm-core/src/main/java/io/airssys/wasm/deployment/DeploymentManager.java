package io.airssys.wasm.deployment;

import io.airssys.wasm.SemanticVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each component's calls to the versions serving it and changes them without losing a
 * call: a routing switch is one atomic swap, a replaced version drains (in-flight calls finish
 * on it, new ones go to its successor) and a caller that raced a switch re-routes. Operations
 * on one component are serialized; calls never wait for them. Thread-safe.
 */
public final class DeploymentManager<V extends LiveVersion> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeploymentManager.class);

    private final Map<String, Routing<V>> routings = new ConcurrentHashMap<>();
    private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(DeploymentListener listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code work} on the version routing picks for this call; {@code routingKey} keeps a
     * caller on one version during a sticky canary.
     *
     * @throws DeploymentException if the component is not deployed
     */
    public <R> R call(String componentId, RoutingKey routingKey, Function<V, R> work) {
        Objects.requireNonNull(routingKey, "routingKey (RoutingKey.NONE for none)");
        while (true) {
            Routing<V> routing = routings.get(componentId);
            if (routing == null) {
                throw new DeploymentException("component '" + componentId + "' is not deployed");
            }
            Deployment<V> deployment = routing.route(routingKey);
            if (!deployment.tryEnter()) {
                Thread.onSpinWait(); // it is draining: routing has already moved on
                continue;
            }
            return runEntered(deployment, work);
        }
    }

    /** Runs {@code work} on a deployment the caller entered, counting the call and leaving it. */
    private static <V extends LiveVersion, R> R runEntered(Deployment<V> deployment, Function<V, R> work) {
        boolean failed = true;
        try {
            R result = work.apply(deployment.version());
            failed = false;
            return result;
        } finally {
            deployment.exit(failed);
        }
    }

    /**
     * Runs {@code work}, a probe such as a health check, on the active version without counting
     * it as a call.
     *
     * @throws DeploymentException if the component is not deployed
     */
    public <R> R probe(String componentId, Function<V, R> work) {
        while (true) {
            Routing<V> routing = routings.get(componentId);
            if (routing == null) {
                throw new DeploymentException("component '" + componentId + "' is not deployed");
            }
            Deployment<V> deployment = routing.active();
            if (!deployment.tryEnter()) {
                Thread.onSpinWait();
                continue;
            }
            try {
                return work.apply(deployment.version());
            } finally {
                deployment.exitUncounted();
            }
        }
    }

    /**
     * Runs {@code work} on the serving version {@code which} picks (active, canary or standby),
     * whatever routing would choose: for calls bound to one version, such as calls on a
     * resource that version made.
     *
     * @throws DeploymentException if no serving version matches (it was retired)
     */
    public <R> R callOn(String componentId, Predicate<V> which, Function<V, R> work) {
        Routing<V> routing = routings.get(componentId);
        if (routing == null) {
            throw new DeploymentException("component '" + componentId + "' is not deployed");
        }
        for (Deployment<V> deployment : routing.deployments()) {
            if (which.test(deployment.version()) && deployment.tryEnter()) {
                return runEntered(deployment, work);
            }
        }
        throw new DeploymentException("the version of '" + componentId
                + "' this call is bound to no longer serves; what it held (a resource it made) ended with it");
    }

    /**
     * Puts {@code next} into service with {@code strategy}. The first version of a component is
     * always deployed immediately. Rolling deployments return when the roll-out is complete.
     *
     * @throws DeploymentException if {@code next} fails its health check (it is closed, and
     *                             what was serving keeps serving)
     */
    public void deploy(V next, DeploymentStrategy strategy) {
        String id = next.componentId();
        synchronized (lock(id)) {
            Routing<V> current = routings.get(id);
            Deployment<V> deployment = new Deployment<>(next);
            if (current == null) {
                routings.put(id, Routing.only(strategy.kind(), deployment));
                publish(new DeploymentEvent.Deployed(
                        id, next.version(), strategy.kind(), Optional.empty(), 100, false));
                return;
            }
            SemanticVersion previous = current.active().version().version();
            if (strategy instanceof DeploymentStrategy.Immediate) {
                routings.put(id, Routing.only(DeploymentStrategy.Kind.IMMEDIATE, deployment));
                drainAll(current);
            } else if (strategy instanceof DeploymentStrategy.BlueGreen) {
                requireHealthy(next, deployment);
                routings.put(
                        id,
                        new Routing<>(
                                DeploymentStrategy.Kind.BLUE_GREEN, deployment, null, 0, false, current.active()));
                drain(current.candidate());
                drain(current.standby());
            } else if (strategy instanceof DeploymentStrategy.Canary canary) {
                routings.put(
                        id,
                        new Routing<>(
                                DeploymentStrategy.Kind.CANARY,
                                current.active(),
                                deployment,
                                canary.percent(),
                                canary.sticky(),
                                null));
                drain(current.candidate());
                drain(current.standby());
            } else if (strategy instanceof DeploymentStrategy.Rolling rolling) {
                roll(id, current, deployment, rolling);
                return;
            }
            boolean canary = strategy instanceof DeploymentStrategy.Canary;
            publish(new DeploymentEvent.Deployed(
                    id,
                    next.version(),
                    strategy.kind(),
                    Optional.of(previous),
                    canary ? ((DeploymentStrategy.Canary) strategy).percent() : 100,
                    canary && ((DeploymentStrategy.Canary) strategy).sticky()));
        }
    }

    /**
     * Starts a rolling deployment that someone else steps on (with {@link #setCanaryPercent},
     * {@link #promote} and {@link #rollback}): {@code next} takes {@code percent} of the calls
     * now, and this returns at once.
     *
     * @throws DeploymentException if the component is not deployed yet
     */
    public void beginRolling(V next, int percent) {
        String id = next.componentId();
        synchronized (lock(id)) {
            Routing<V> current = require(id);
            drain(current.candidate());
            drain(current.standby());
            SemanticVersion previous = current.active().version().version();
            routings.put(
                    id,
                    new Routing<>(
                            DeploymentStrategy.Kind.ROLLING,
                            current.active(),
                            new Deployment<>(next),
                            percent,
                            false,
                            null));
            publish(new DeploymentEvent.Deployed(
                    id, next.version(), DeploymentStrategy.Kind.ROLLING, Optional.of(previous), percent, false));
        }
    }

    private void roll(String id, Routing<V> current, Deployment<V> deployment, DeploymentStrategy.Rolling rolling) {
        drain(current.candidate());
        drain(current.standby());
        SemanticVersion previous = current.active().version().version();
        publish(new DeploymentEvent.Deployed(
                id, deployment.version().version(), DeploymentStrategy.Kind.ROLLING, Optional.of(previous), 0, false));
        for (int step = 1; step <= rolling.steps(); step++) {
            int percent = step * 100 / rolling.steps();
            routings.put(
                    id,
                    new Routing<>(DeploymentStrategy.Kind.ROLLING, current.active(), deployment, percent, false, null));
            publish(new DeploymentEvent.WeightChanged(id, deployment.version().version(), percent));
            if (!deployment.version().healthy()) {
                routings.put(id, Routing.only(current.strategy(), current.active()));
                deployment.drain();
                publish(new DeploymentEvent.RolledBack(id, deployment.version().version(), previous));
                throw new DeploymentException(deployment.version().label() + " failed its health check at " + percent
                        + "% of a rolling deployment; "
                        + current.active().version().label() + " serves again");
            }
            sleep(rolling.pause());
        }
        routings.put(id, Routing.only(DeploymentStrategy.Kind.ROLLING, deployment));
        current.active().drain();
        publish(new DeploymentEvent.Promoted(id, deployment.version().version()));
    }

    /** Makes the canary the only version, or releases the blue-green standby. */
    public void promote(String componentId) {
        synchronized (lock(componentId)) {
            Routing<V> current = require(componentId);
            if (current.candidate() != null) {
                routings.put(componentId, Routing.only(current.strategy(), current.candidate()));
                current.active().drain();
                publish(new DeploymentEvent.Promoted(
                        componentId, current.candidate().version().version()));
            } else if (current.standby() != null) {
                routings.put(componentId, Routing.only(current.strategy(), current.active()));
                current.standby().drain();
                publish(new DeploymentEvent.Promoted(
                        componentId, current.active().version().version()));
            } else {
                throw new DeploymentException("component '" + componentId + "' has nothing to promote: no canary "
                        + "and no blue-green standby");
            }
        }
    }

    /**
     * Drops the canary, or switches to the blue-green standby, keeping the version it switched
     * away from as the new standby (so a second rollback switches forward again, and promote
     * releases it).
     */
    public void rollback(String componentId) {
        synchronized (lock(componentId)) {
            Routing<V> current = require(componentId);
            if (current.candidate() != null) {
                routings.put(componentId, Routing.only(current.strategy(), current.active()));
                current.candidate().drain();
                publish(new DeploymentEvent.RolledBack(
                        componentId,
                        current.candidate().version().version(),
                        current.active().version().version()));
            } else if (current.standby() != null) {
                // switch back, keeping the version switched away from warm: another rollback switches forward again
                routings.put(
                        componentId,
                        new Routing<>(current.strategy(), current.standby(), null, 0, false, current.active()));
                publish(new DeploymentEvent.RolledBack(
                        componentId,
                        current.active().version().version(),
                        current.standby().version().version()));
            } else {
                throw new DeploymentException("component '" + componentId + "' has no canary or standby to roll back "
                        + "to; redeploy a stored version instead");
            }
        }
    }

    /** Changes the canary's share of calls. */
    public void setCanaryPercent(String componentId, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("canary percent must be 0 to 100, was " + percent);
        }
        synchronized (lock(componentId)) {
            Routing<V> current = require(componentId);
            if (current.candidate() == null) {
                throw new DeploymentException("component '" + componentId + "' has no canary");
            }
            routings.put(
                    componentId,
                    new Routing<>(
                            current.strategy(),
                            current.active(),
                            current.candidate(),
                            percent,
                            current.sticky(),
                            null));
            publish(new DeploymentEvent.WeightChanged(
                    componentId, current.candidate().version().version(), percent));
        }
    }

    /** Stops serving the component; its versions drain. */
    public void undeploy(String componentId) {
        synchronized (lock(componentId)) {
            Routing<V> current = routings.remove(componentId);
            if (current != null) {
                drainAll(current);
                publish(new DeploymentEvent.Undeployed(
                        componentId, current.active().version().version()));
            }
        }
    }

    public Optional<DeploymentStatus> status(String componentId) {
        return Optional.ofNullable(routings.get(componentId)).map(r -> r.status(componentId));
    }

    /** The version that takes calls not sent to a canary. */
    public Optional<V> active(String componentId) {
        return Optional.ofNullable(routings.get(componentId))
                .map(r -> r.active().version());
    }

    /** Every version serving the component now, active first. */
    public List<V> serving(String componentId) {
        Routing<V> routing = routings.get(componentId);
        List<V> versions = new ArrayList<>();
        if (routing != null) {
            versions.add(routing.active().version());
            Optional.ofNullable(routing.candidate()).ifPresent(d -> versions.add(d.version()));
            Optional.ofNullable(routing.standby()).ifPresent(d -> versions.add(d.version()));
        }
        return versions;
    }

    public List<String> componentIds() {
        return List.copyOf(routings.keySet());
    }

    @Override
    public void close() {
        for (String id : componentIds()) {
            undeploy(id);
        }
    }

    private void requireHealthy(V next, Deployment<V> deployment) {
        boolean healthy;
        try {
            healthy = next.healthy();
        } catch (RuntimeException e) {
            log.warn("health check of {} failed", next.label(), e);
            healthy = false;
        }
        if (!healthy) {
            deployment.drain();
            String reason = "it failed its health check";
            publish(new DeploymentEvent.Refused(next.componentId(), next.version(), reason));
            throw new DeploymentException(next.label() + " was not deployed: " + reason);
        }
    }

    private Routing<V> require(String componentId) {
        Routing<V> routing = routings.get(componentId);
        if (routing == null) {
            throw new DeploymentException("component '" + componentId + "' is not deployed");
        }
        return routing;
    }

    private void drainAll(Routing<V> routing) {
        routing.active().drain();
        drain(routing.candidate());
        drain(routing.standby());
    }

    private static void drain(Deployment<?> deployment) {
        if (deployment != null) {
            deployment.drain();
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lock(String componentId) {
        return locks.computeIfAbsent(componentId, id -> new Object());
    }

    private void publish(DeploymentEvent event) {
        log.info("{}", event);
        for (DeploymentListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("deployment listener failed on {}", event, e);
            }
        }
    }

    private static void sleep(Duration pause) {
        if (pause.isZero() || pause.isNegative()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("interrupted during a rolling deployment");
        }
    }
}
