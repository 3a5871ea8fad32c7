package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.RolloutPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps rolling deployments on in the background, so that deploying returns at once: the new
 * version takes {@code 100 / steps} percent more of the calls after each pause, once its health
 * check passes and, when it served at least {@value #MIN_CALLS} calls in the pause, its failed
 * calls stayed within {@value #MAX_ERROR_RATE_PERCENT}%; otherwise it is rolled back (with the
 * reason in the history). The last step promotes it. A manual promote, rollback, weight change
 * or new deployment ends the roll-out.
 */
final class RollingRollouts {

    private static final Logger log = LoggerFactory.getLogger(RollingRollouts.class);

    private record Rolling(SemanticVersion candidate, DeploymentStrategy.Rolling strategy, ScheduledFuture<?> task) {}

    static final long MIN_CALLS = 20;
    static final int MAX_ERROR_RATE_PERCENT = 5;

    private final DeploymentManager<ComponentVersion> deployments;
    private final ComponentRegistry registry;
    private final ComponentChanges changes;
    private final ScheduledExecutorService scheduler;
    private final CallWindows windows;
    private final Map<String, Rolling> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();

    RollingRollouts(
            DeploymentManager<ComponentVersion> deployments,
            ComponentRegistry registry,
            ScheduledExecutorService scheduler,
            CallWindows windows,
            ComponentChanges changes) {
        this.deployments = deployments;
        this.registry = registry;
        this.scheduler = scheduler;
        this.windows = windows;
        this.changes = changes;
    }

    /** Puts {@code next} in at the first step's share and schedules the next steps. */
    void start(ComponentVersion next, DeploymentStrategy.Rolling strategy) {
        String id = next.componentId();
        stop(id);
        deployments.beginRolling(next, share(1, strategy));
        registry.plan(id, Optional.of(plan(strategy, 1)));
        schedule(next, strategy, 1);
    }

    /** Resumes a rolling deployment a restart interrupted, at {@code step} (1-based). */
    void resume(ComponentVersion next, DeploymentStrategy.Rolling strategy, int step) {
        deployments.beginRolling(next, share(step, strategy));
        schedule(next, strategy, step);
    }

    /** How a rolling deployment at {@code step} (1-based) is kept with the registry. */
    static RolloutPlan plan(DeploymentStrategy.Rolling strategy, int step) {
        List<Integer> shares = new ArrayList<>();
        for (int i = 1; i <= strategy.steps(); i++) {
            shares.add(share(i, strategy));
        }
        return new RolloutPlan(RolloutPlan.ROLLING, shares, strategy.pause().toMillis(), 0, 0, 0, step - 1);
    }

    private void schedule(ComponentVersion next, DeploymentStrategy.Rolling strategy, int step) {
        String id = next.componentId();
        steps.put(id, step);
        windows.watch(id);
        windows.take(id, next.version());
        long millis = Math.max(1, strategy.pause().toMillis());
        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(
                () -> step(id, next.version(), strategy), millis, millis, TimeUnit.MILLISECONDS);
        running.put(id, new Rolling(next.version(), strategy, task));
    }

    /** The step a component's rolling deployment is at, 1 to its number of steps, if one is in progress. */
    Optional<Integer> step(String componentId) {
        return running.containsKey(componentId) ? Optional.ofNullable(steps.get(componentId)) : Optional.empty();
    }

    void stop(String componentId) {
        Rolling rolling = running.remove(componentId);
        steps.remove(componentId);
        if (rolling != null) {
            windows.forget(componentId);
        }
        if (rolling != null) {
            rolling.task().cancel(false);
        }
    }

    private void step(String id, SemanticVersion candidate, DeploymentStrategy.Rolling strategy) {
        try {
            changes.run(id, () -> stepNow(id, candidate, strategy));
        } catch (RuntimeException e) { // the registry could not be read: try again at the next interval
            log.warn("could not step the rolling deployment of {}: {}", id, e.getMessage());
        }
    }

    private void stepNow(String id, SemanticVersion candidate, DeploymentStrategy.Rolling strategy) {
        try {
            Optional<ComponentVersion> version = deployments.serving(id).stream()
                    .filter(v -> v.version().equals(candidate))
                    .findFirst();
            if (version.isEmpty() || !isRollingCandidate(id, candidate)) {
                stop(id); // what serves changed under it
                return;
            }
            int step = steps.getOrDefault(id, 1);
            CallWindows.Window served = windows.take(id, candidate);
            if (served.calls() >= MIN_CALLS && served.errorRate() * 100 > MAX_ERROR_RATE_PERCENT) {
                stop(id);
                registry.record(
                        id,
                        "rolling",
                        candidate,
                        String.format(
                                java.util.Locale.ROOT,
                                "rolled back: %.1f%% of its %d calls failed at step %d of %d, more than the %d%% allowed",
                                served.errorRate() * 100,
                                served.calls(),
                                step,
                                strategy.steps(),
                                MAX_ERROR_RATE_PERCENT));
                deployments.rollback(id);
                return;
            }
            if (!healthy(version.get())) {
                stop(id);
                registry.record(
                        id,
                        "rolling",
                        candidate,
                        "rolled back: failed its health check at step " + step + " of " + strategy.steps() + " ("
                                + share(step, strategy) + "%)");
                deployments.rollback(id);
                return;
            }
            if (step >= strategy.steps()) {
                stop(id);
                deployments.promote(id);
                return;
            }
            steps.put(id, step + 1);
            deployments.setCanaryPercent(id, share(step + 1, strategy));
            registry.plan(id, Optional.of(plan(strategy, step + 1)));
        } catch (RuntimeException e) {
            log.warn("the rolling deployment of {} failed; it stays where it is", id, e);
            stop(id);
        }
    }

    private boolean isRollingCandidate(String id, SemanticVersion candidate) {
        return deployments
                .status(id)
                .map(DeploymentStatus::versions)
                .map(versions -> versions.stream()
                        .anyMatch(v -> v.role() == VersionStats.Role.CANARY
                                && v.version().equals(candidate)))
                .orElse(false);
    }

    private static boolean healthy(ComponentVersion version) {
        try {
            return version.healthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int share(int step, DeploymentStrategy.Rolling strategy) {
        return step * 100 / strategy.steps();
    }
}
