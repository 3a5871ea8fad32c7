package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentException;
import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.RolloutPlan;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CanaryAnalysis analyses}: for each component with one in progress, a task on one
 * scheduler thread judges the canary after every interval and advances, promotes or rolls it
 * back, recording why in the component's history. An analysis ends on its own when what serves
 * changes under it (a manual promote, rollback or new deployment). Thread-safe.
 */
final class CanaryAnalyzer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CanaryAnalyzer.class);

    /** One analysis in progress; its fields change on the scheduler thread only. */
    private static final class Running {
        final String componentId;
        final CanaryAnalysis policy;
        final SemanticVersion stable;
        final SemanticVersion candidate;
        volatile int step;
        ScheduledFuture<?> task;

        Running(String componentId, CanaryAnalysis policy, SemanticVersion stable, SemanticVersion candidate) {
            this.componentId = componentId;
            this.policy = policy;
            this.stable = stable;
            this.candidate = candidate;
        }
    }

    /** An analysis in progress, as the actuator shows it. */
    record Progress(CanaryAnalysis policy, SemanticVersion stable, SemanticVersion candidate, int step) {}

    private final DeploymentManager<ComponentVersion> deployments;
    private final CallWindows windows;
    private final ComponentRegistry registry;
    private final ComponentChanges changes;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    CanaryAnalyzer(
            DeploymentManager<ComponentVersion> deployments,
            CallWindows windows,
            ComponentRegistry registry,
            ScheduledExecutorService scheduler,
            ComponentChanges changes) {
        this.deployments = deployments;
        this.windows = windows;
        this.registry = registry;
        this.scheduler = scheduler;
        this.changes = changes;
    }

    /**
     * Starts analysing the component's canary: it is set to the first step's share now and
     * judged after each interval.
     *
     * @throws DeploymentException if the component has no canary in progress
     */
    void start(String componentId, CanaryAnalysis policy) {
        DeploymentStatus status = deployments
                .status(componentId)
                .orElseThrow(() -> new DeploymentException("component '" + componentId + "' is not deployed"));
        SemanticVersion stable = version(status, VersionStats.Role.ACTIVE)
                .orElseThrow(() -> new DeploymentException("component '" + componentId + "' has no active version"));
        SemanticVersion candidate = version(status, VersionStats.Role.CANARY)
                .orElseThrow(() -> new DeploymentException(
                        "component '" + componentId + "' has no canary to analyse; deploy one first"));
        stop(componentId);
        Running analysis = new Running(componentId, policy, stable, candidate);
        windows.watch(componentId);
        deployments.setCanaryPercent(componentId, policy.steps().get(0));
        windows.take(componentId, stable);
        windows.take(componentId, candidate);
        registry.record(
                componentId,
                "analysis",
                candidate,
                "started: steps " + policy.steps() + " every "
                        + policy.interval().toMillis() + " ms, at most " + percent(policy.maxErrorRate())
                        + " errors and " + policy.maxLatencyRatio() + "x the stable p99");
        registry.plan(componentId, Optional.of(plan(policy, 0)));
        schedule(analysis);
    }

    /** Resumes an analysis a restart interrupted, at {@code step}, the canary already at that step's share. */
    void resume(
            String componentId, CanaryAnalysis policy, SemanticVersion stable, SemanticVersion candidate, int step) {
        Running analysis = new Running(componentId, policy, stable, candidate);
        analysis.step = step;
        windows.watch(componentId);
        schedule(analysis);
    }

    /** How an analysis at {@code step} is kept with the registry. */
    static RolloutPlan plan(CanaryAnalysis policy, int step) {
        return new RolloutPlan(
                RolloutPlan.ANALYSIS,
                policy.steps(),
                policy.interval().toMillis(),
                policy.maxErrorRate(),
                policy.maxLatencyRatio(),
                policy.minCalls(),
                step);
    }

    /** The analysis a plan kept with the registry describes. */
    static CanaryAnalysis policy(RolloutPlan plan) {
        return new CanaryAnalysis(
                plan.steps(),
                java.time.Duration.ofMillis(plan.intervalMillis()),
                plan.maxErrorRate(),
                plan.maxLatencyRatio(),
                plan.minCalls());
    }

    private void schedule(Running analysis) {
        String componentId = analysis.componentId;
        CanaryAnalysis policy = analysis.policy;
        running.put(componentId, analysis);
        long millis = policy.interval().toMillis();
        analysis.task = scheduler.scheduleWithFixedDelay(() -> judge(analysis), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The analysis in progress for a component, if any. */
    Optional<Progress> progress(String componentId) {
        return Optional.ofNullable(running.get(componentId))
                .map(r -> new Progress(r.policy, r.stable, r.candidate, r.step));
    }

    /** Stops a component's analysis, leaving the canary where it is. */
    void stop(String componentId) {
        Running analysis = running.remove(componentId);
        if (analysis != null && analysis.task != null) {
            analysis.task.cancel(false);
        }
        windows.forget(componentId);
    }

    private void judge(Running analysis) {
        try {
            changes.run(analysis.componentId, () -> judgeNow(analysis));
        } catch (RuntimeException e) { // the registry could not be read: judge again at the next interval
            log.warn("could not judge the canary of {}: {}", analysis.componentId, e.getMessage());
        }
    }

    private void judgeNow(Running analysis) {
        String id = analysis.componentId;
        try {
            if (!stillInPlace(analysis)) {
                log.info("the canary of {} changed under its analysis; the analysis ends", id);
                stop(id);
                return;
            }
            CallWindows.Window candidate = windows.take(id, analysis.candidate);
            CallWindows.Window stable = windows.take(id, analysis.stable);
            if (candidate.calls() < analysis.policy.minCalls()) {
                log.debug(
                        "{}@{} served {} calls, fewer than {}; holding the step",
                        id,
                        analysis.candidate,
                        candidate.calls(),
                        analysis.policy.minCalls());
                return;
            }
            Optional<String> breach = breach(analysis.policy, candidate, stable);
            if (breach.isPresent()) {
                stop(id);
                registry.record(id, "analysis", analysis.candidate, "rolled back automatically: " + breach.get());
                deployments.rollback(id);
                log.warn("rolled back the canary {}@{}: {}", id, analysis.candidate, breach.get());
                return;
            }
            if (analysis.step == analysis.policy.steps().size() - 1) {
                stop(id);
                registry.record(
                        id,
                        "analysis",
                        analysis.candidate,
                        "promoted automatically: passed "
                                + analysis.policy.steps().size() + " step(s)");
                deployments.promote(id);
                log.info("promoted the canary {}@{}: it passed every step", id, analysis.candidate);
                return;
            }
            analysis.step++;
            deployments.setCanaryPercent(id, analysis.policy.steps().get(analysis.step));
            registry.plan(id, Optional.of(plan(analysis.policy, analysis.step)));
        } catch (RuntimeException e) {
            log.warn("the canary analysis of {} failed; it ends and the canary stays where it is", id, e);
            stop(id);
        }
    }

    private boolean stillInPlace(Running analysis) {
        return deployments
                .status(analysis.componentId)
                .map(status -> version(status, VersionStats.Role.ACTIVE).equals(Optional.of(analysis.stable))
                        && version(status, VersionStats.Role.CANARY).equals(Optional.of(analysis.candidate)))
                .orElse(false);
    }

    /** Why the candidate's window breaches the policy, if it does. */
    static Optional<String> breach(CanaryAnalysis policy, CallWindows.Window candidate, CallWindows.Window stable) {
        if (candidate.errorRate() > policy.maxErrorRate()) {
            return Optional.of("error rate " + percent(candidate.errorRate()) + " over " + candidate.calls()
                    + " calls is above the " + percent(policy.maxErrorRate()) + " allowed");
        }
        if (stable.calls() > 0 && stable.p99Nanos() > 0) {
            double ratio = (double) candidate.p99Nanos() / stable.p99Nanos();
            if (ratio > policy.maxLatencyRatio()) {
                return Optional.of(String.format(
                        Locale.ROOT,
                        "p99 latency %.2f ms is %.1f times the stable version's %.2f ms, above the %.1f allowed",
                        candidate.p99Nanos() / 1e6,
                        ratio,
                        stable.p99Nanos() / 1e6,
                        policy.maxLatencyRatio()));
            }
        }
        return Optional.empty();
    }

    private static Optional<SemanticVersion> version(DeploymentStatus status, VersionStats.Role role) {
        return status.versions().stream()
                .filter(v -> v.role() == role)
                .map(VersionStats::version)
                .findFirst();
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    @Override
    public void close() {
        running.keySet().forEach(this::stop);
    }
}
