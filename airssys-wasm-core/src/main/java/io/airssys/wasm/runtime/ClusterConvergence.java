package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.registry.RolloutState;
import io.airssys.wasm.registry.StoredVersion;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one replica serving what a shared registry says (the desired state every replica
 * converges on). Every change, made here or told of by the registry's watcher, runs under the
 * component's lock on the registry's latest state: the component is read again and, if another
 * replica changed it, what serves here is brought in line first (promoting, rolling back,
 * re-weighting what serves where it can, rebuilding stored versions where it must). A change
 * based on an older state ({@link ExpectedRevision}), or losing a race with another replica's
 * write, is refused with a {@link RegistryConflictException} and this replica converges on the
 * winner. After each change the replica reports what it serves, for the actuator's per-replica
 * view.
 */
final class ClusterConvergence implements ComponentChanges, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterConvergence.class);

    private final JdbcComponentRegistry registry;
    private final DeploymentManager<ComponentVersion> deployments;
    private final RegistrySync sync;
    private final Function<StoredVersion, ComponentVersion> admitted;
    private final AutomaticRollouts rollouts;
    private final String replicaId;
    /** How long a replica drives a roll-out without renewing its claim: ten polls. */
    private volatile Duration lease = Duration.ofSeconds(10);

    private volatile Duration firstRetry = Duration.ofSeconds(1);
    /** Components this replica failed to bring in line with the registry, and when to try again. */
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** The registry revision of each component that what serves here reflects. */
    private final Map<String, Long> applied = new ConcurrentHashMap<>();

    private final ExecutorService applier = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "airssys-wasm-converge");
        thread.setDaemon(true);
        return thread;
    });
    private AutoCloseable watcher;

    ClusterConvergence(
            JdbcComponentRegistry registry,
            DeploymentManager<ComponentVersion> deployments,
            RegistrySync sync,
            Function<StoredVersion, ComponentVersion> admitted,
            AutomaticRollouts rollouts,
            String replicaId) {
        this.registry = registry;
        this.deployments = deployments;
        this.sync = sync;
        this.admitted = admitted;
        this.rollouts = rollouts;
        this.replicaId = replicaId;
    }

    /** Checks and reports what this replica serves, and starts following the registry's changes. */
    void start(Duration pollInterval) {
        lease = pollInterval.multipliedBy(10);
        firstRetry = pollInterval;
        // checks what the restore serves against the registry (and tries again later what it could not restore)
        TreeSet<String> ids = new TreeSet<>(registry.componentIds());
        ids.addAll(deployments.componentIds());
        ids.forEach(id -> applier.execute(() -> converge(id)));
        watcher = registry.watch(
                replicaId,
                pollInterval,
                id -> applier.execute(() -> converge(id)),
                () -> applier.execute(() -> {
                    retryFailed();
                    driveRollouts();
                }));
    }

    /** Claims the component's automatic roll-out for this replica, which has just started it. */
    void drive(String componentId) {
        registry.claimRollout(componentId, replicaId, lease, true);
    }

    /**
     * At each poll: renews the leases of the roll-outs this replica drives (stopping one another
     * replica took over), and takes over a planned roll-out nobody drives any more.
     */
    private void driveRollouts() {
        for (String id : registry.componentIds()) {
            if (registry.rollout(id).flatMap(RolloutState::plan).isEmpty()) {
                continue;
            }
            try {
                boolean held = registry.claimRollout(id, replicaId, lease, false);
                apply(id, () -> {
                    boolean planned =
                            registry.rollout(id).flatMap(RolloutState::plan).isPresent();
                    if (held && planned && !rollouts.drives(id)) {
                        log.info("taking over the automatic roll-out of '{}'", id);
                        rollouts.resume(id);
                    } else if (!held && rollouts.drives(id)) {
                        log.info("another replica drives the automatic roll-out of '{}' now", id);
                        rollouts.stop(id);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("could not take up the automatic roll-out of '{}': {}", id, e.getMessage());
            }
        }
    }

    @Override
    public <T> T apply(String componentId, Supplier<T> change) {
        ReentrantLock lock = locks.computeIfAbsent(componentId, id -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return change.get(); // a change made by a change (e.g. start through rollbackTo)
            }
            catchUp(componentId);
            OptionalLong expected = ExpectedRevision.current();
            long revision = registry.revision(componentId);
            if (expected.isPresent() && expected.getAsLong() != revision) {
                throw new RegistryConflictException(
                        componentId,
                        revision,
                        "component '" + componentId + "' is at revision " + revision + ", not " + expected.getAsLong()
                                + " as the change expects; look at it again and retry");
            }
            sync.takeConflict();
            try {
                T result = change.get();
                Optional<RegistryConflictException> lost = sync.takeConflict();
                if (lost.isPresent()) {
                    throw lost.get();
                }
                applied.put(componentId, registry.revision(componentId));
                return result;
            } catch (RegistryConflictException e) {
                catchUp(componentId); // serve what the winner decided
                throw e;
            } finally {
                report(componentId);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Brings what serves {@code componentId} here in line with the registry, and reports it. */
    void converge(String componentId) {
        try {
            apply(componentId, () -> null);
        } catch (RuntimeException e) {
            log.error("could not converge on the registry's state of '{}'", componentId, e);
        }
    }

    private void catchUp(String componentId) {
        registry.refresh(componentId);
        long revision = registry.revision(componentId);
        Long served = applied.get(componentId);
        if (served == null || served != revision) {
            try {
                sync.quietly(() -> serveDesired(componentId));
            } catch (RuntimeException e) {
                retries.merge(
                        componentId,
                        new Retry(System.nanoTime() + firstRetry.toNanos(), firstRetry.toNanos()),
                        (before, now) -> before.later());
                throw e;
            }
            applied.put(componentId, revision);
            retries.remove(componentId);
        }
    }

    /**
     * When a replica could not serve what the registry says (e.g. an artifact it could not
     * read), it tries again at a poll: after one poll interval, then twice as long each time, up
     * to a minute.
     */
    private record Retry(long notBeforeNanos, long waitNanos) {
        private static final long MAX_WAIT_NANOS = Duration.ofMinutes(1).toNanos();

        Retry later() {
            long next = Math.min(waitNanos * 2, MAX_WAIT_NANOS);
            return new Retry(System.nanoTime() + next, next);
        }
    }

    /** Converges again on the components whose retry is due. */
    private void retryFailed() {
        long now = System.nanoTime();
        retries.forEach((id, retry) -> {
            if (now - retry.notBeforeNanos() >= 0) {
                log.info("trying again to serve what the registry says of '{}'", id);
                converge(id);
            }
        });
    }

    /** Makes what serves here what the registry says, changing as little as it can. */
    private void serveDesired(String id) {
        if (registry.damaged().containsKey(id)) {
            log.error("not converging on '{}': {}", id, registry.damaged().get(id));
            return;
        }
        Optional<StoredVersion> desired = registry.active(id);
        Optional<RolloutState> rollout = registry.rollout(id);
        if (desired.isEmpty()) {
            deployments.undeploy(id);
            return;
        }
        SemanticVersion active = desired.get().version();
        Optional<SemanticVersion> serving = role(id, VersionStats.Role.ACTIVE);
        Optional<SemanticVersion> canary = role(id, VersionStats.Role.CANARY);
        Optional<SemanticVersion> standby = role(id, VersionStats.Role.STANDBY);
        Optional<SemanticVersion> wantedCanary = rollout.flatMap(RolloutState::candidate);
        Optional<SemanticVersion> wantedStandby = rollout.flatMap(RolloutState::standby);
        if (wantedCanary.isPresent()) {
            RolloutState wanted = rollout.get();
            if (serving.equals(Optional.of(active)) && canary.equals(wantedCanary)) {
                if (percent(id, VersionStats.Role.CANARY) != wanted.percent()) {
                    deployments.setCanaryPercent(id, wanted.percent());
                }
                return;
            }
            if (!serving.equals(Optional.of(active))) {
                deployments.deploy(admitted.apply(desired.get()), DeploymentStrategy.immediate());
            }
            deployments.deploy(
                    admitted.apply(registry.version(id, wantedCanary.get())),
                    wanted.sticky()
                            ? DeploymentStrategy.stickyCanary(wanted.percent())
                            : DeploymentStrategy.canary(wanted.percent()));
        } else if (wantedStandby.isPresent()) {
            if (serving.equals(Optional.of(active)) && standby.equals(wantedStandby)) {
                return;
            }
            if (serving.equals(wantedStandby) && standby.equals(Optional.of(active))) {
                deployments.rollback(id); // the switch made elsewhere: the standby keeps the other warm
                return;
            }
            if (!serving.equals(wantedStandby)) {
                deployments.deploy(
                        admitted.apply(registry.version(id, wantedStandby.get())), DeploymentStrategy.immediate());
            }
            deployments.deploy(admitted.apply(desired.get()), DeploymentStrategy.blueGreen());
        } else if (canary.equals(Optional.of(active))) {
            deployments.promote(id);
        } else if (serving.equals(Optional.of(active)) && canary.isPresent()) {
            deployments.rollback(id);
        } else if (serving.equals(Optional.of(active)) && standby.isPresent()) {
            deployments.promote(id); // releases the standby
        } else if (!serving.equals(Optional.of(active))) {
            deployments.deploy(admitted.apply(desired.get()), DeploymentStrategy.immediate());
        }
    }

    private Optional<SemanticVersion> role(String id, VersionStats.Role role) {
        return deployments.status(id).stream()
                .flatMap(status -> status.versions().stream())
                .filter(v -> v.role() == role)
                .map(VersionStats::version)
                .findFirst();
    }

    private int percent(String id, VersionStats.Role role) {
        return deployments.status(id).stream()
                .flatMap(status -> status.versions().stream())
                .filter(v -> v.role() == role)
                .mapToInt(VersionStats::percent)
                .findFirst()
                .orElse(0);
    }

    private void report(String componentId) {
        try {
            registry.reportServing(
                    replicaId, componentId, describe(deployments.status(componentId)), registry.revision(componentId));
        } catch (RuntimeException e) {
            log.warn("could not report what serves '{}' to the registry: {}", componentId, e.getMessage());
        }
    }

    /** What serves, e.g. {@code 1.0.0 active 70%, 1.1.0 canary 30%}. */
    static String describe(Optional<DeploymentStatus> status) {
        return status.map(s -> s.versions().stream()
                        .map(v -> v.version() + " " + v.role().tag() + " " + v.percent() + "%")
                        .collect(Collectors.joining(", ")))
                .orElse("not serving");
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (Exception e) {
            log.warn("could not stop watching the registry", e);
        }
        applier.shutdownNow();
        try {
            applier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            registry.forgetReplica(replicaId);
        } catch (RuntimeException e) {
            log.warn("could not remove this replica's reports from the registry: {}", e.getMessage());
        }
    }
}
