package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.deployment.DeploymentException;
import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.deployment.RoutingKey;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.MessagingHost;
import io.airssys.wasm.host.StorageHost;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.manifest.PermissionsWriter;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.registry.RegistryException;
import io.airssys.wasm.registry.ReplicaStatus;
import io.airssys.wasm.registry.RolloutPlan;
import io.airssys.wasm.registry.RolloutState;
import io.airssys.wasm.registry.StoredComponents;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.storage.ComponentStore;
import io.airssys.wasm.storage.MvStoreComponentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade the rest of the world calls: deploy component artifacts, call them, roll them
 * out and back, and keep them across restarts. An artifact is a core wasm module carrying
 * custom sections {@code airssys:manifest} (its Component.toml), optionally {@code airssys:wit}
 * (the WIT it was built against) and {@code airssys:signature}.
 *
 * <p>A deployment is admitted (read, signature, capabilities, compile, link, world; a failure
 * refuses the artifact with a {@link ComponentRejectedException} and leaves what was serving
 * untouched), stored in the registry, then given traffic by the chosen strategy. Calls go
 * through a {@link ComponentHandle} from {@link #component(String)}. Thread-safe.
 */
public final class ComponentRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComponentRuntime.class);

    private final RuntimeConfig config;
    private final ApplicationInbox inbox = new ApplicationInbox();
    private final WasmEngine engine;
    private final boolean ownsEngine;
    private final ComponentRegistry registry;
    private final CapabilityEnforcer enforcer;
    private final ComponentStore store;
    private final boolean ownsStore;
    private final MessageBus bus;
    private final DeploymentManager<ComponentVersion> deployments = new DeploymentManager<>();
    private final CallRouter calls = new CallRouter(deployments);
    private final CallWindows callWindows = new CallWindows();
    /** Runs roll-outs that advance on their own: canary analyses and rolling steps. */
    private final ScheduledExecutorService rolloutScheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "airssys-wasm-rollouts");
        thread.setDaemon(true);
        return thread;
    });

    private final CanaryAnalyzer analyzer;
    private final RollingRollouts rolling;
    private final RegistrySync registrySync;
    private final VersionBuilder builder;
    /** With a shared registry, keeps this replica serving what it says; otherwise absent. */
    private final ClusterConvergence convergence;

    private final ComponentChanges changes;

    private ComponentRuntime(RuntimeConfig config, WasmEngine engine, boolean ownsEngine) {
        this.config = config;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.registry = config.registry().orElseGet(() -> ComponentRegistry.open(config.registryDirectory()));
        this.enforcer = new CapabilityEnforcer(new AuditLog(config.auditCapacity(), config.clock()));
        this.ownsStore = config.store().isEmpty();
        this.store = config.store()
                .orElseGet(() ->
                        MvStoreComponentStore.open(config.registryDirectory().resolve("storage.mv.db")));
        this.bus = new MessageBus(new BusEndpoint(deployments, calls, inbox), config.bus(), config.clock());
        this.builder = new VersionBuilder(
                config,
                engine,
                registry,
                enforcer,
                new StorageHost(store, enforcer),
                new MessagingHost(bus, enforcer),
                this::handle);
        this.registrySync = new RegistrySync(registry);
        this.convergence = registry instanceof JdbcComponentRegistry shared
                ? new ClusterConvergence(
                        shared,
                        deployments,
                        registrySync,
                        this::admittedUnrecorded,
                        new LocalRollouts(),
                        config.replicaId())
                : null;
        this.changes = convergence != null ? convergence : ComponentChanges.LOCAL;
        this.analyzer = new CanaryAnalyzer(deployments, callWindows, registry, rolloutScheduler, changes);
        this.rolling = new RollingRollouts(deployments, registry, rolloutScheduler, callWindows, changes);
        calls.addObserver(callWindows);
        this.deployments.addListener(registrySync);
        config.listeners().forEach(deployments::addListener);
        config.callObservers().forEach(calls::addObserver);
        config.callInterceptors().forEach(calls::addInterceptor);
    }

    /** Creates a runtime with its own engine and restores every component the registry has active. */
    public static ComponentRuntime create(RuntimeConfig config) {
        return start(new ComponentRuntime(config, WasmEngine.create(config.engine()), true));
    }

    /** Creates a runtime on a shared engine, which the caller closes. */
    public static ComponentRuntime create(RuntimeConfig config, WasmEngine engine) {
        return start(new ComponentRuntime(config, engine, false));
    }

    private static ComponentRuntime start(ComponentRuntime runtime) {
        runtime.restore();
        if (runtime.convergence != null) {
            runtime.convergence.start(runtime.config.registryPollInterval());
        }
        return runtime;
    }

    /**
     * Serves each component again as the registry says it served before the restart: its active
     * version, and the roll-out in progress (a canary at its share, a blue-green standby; a
     * rolling deployment resumes as a canary at the share it had reached).
     */
    private void restore() {
        registry.damaged().forEach((id, reason) -> log.error("not restoring {}: {}", id, reason));
        registrySync.mute(true);
        try {
            for (String id : new TreeSet<>(registry.componentIds())) {
                registry.active(id).ifPresent(active -> restore(active, registry.rollout(id)));
            }
        } finally {
            registrySync.mute(false);
        }
    }

    private void restore(StoredVersion active, Optional<RolloutState> rollout) {
        String id = active.componentId();
        try {
            if (rollout.isPresent() && rollout.get().standby().isPresent()) {
                deployments.deploy(
                        builder.rebuild(
                                registry.version(id, rollout.get().standby().get())),
                        DeploymentStrategy.immediate());
                deployments.deploy(builder.rebuild(active), DeploymentStrategy.blueGreen());
            } else {
                deployments.deploy(builder.rebuild(active), DeploymentStrategy.immediate());
            }
            log.info("restored {}", active.label());
        } catch (RuntimeException e) {
            log.error("could not restore {}; it stays stored but is not serving", active.label(), e);
            return;
        }
        Optional<SemanticVersion> candidate = rollout.flatMap(RolloutState::candidate);
        if (candidate.isEmpty()) {
            return;
        }
        RolloutState resumed = rollout.get();
        Optional<RolloutPlan> plan = resumed.plan();
        // with a shared registry the replica holding the roll-out's lease resumes its plan (ClusterConvergence)
        boolean resumePlan = plan.isPresent() && convergence == null;
        try {
            ComponentVersion next = admitted(registry.version(id, candidate.get()));
            if (resumePlan && plan.get().kind().equals(RolloutPlan.ROLLING)) {
                rolling.resume(next, rollingStrategy(plan.get()), plan.get().step() + 1);
            } else {
                deployments.deploy(
                        next,
                        resumed.sticky()
                                ? DeploymentStrategy.stickyCanary(resumed.percent())
                                : DeploymentStrategy.canary(resumed.percent()));
                if (resumePlan) {
                    analyzer.resume(
                            id,
                            CanaryAnalyzer.policy(plan.get()),
                            active.version(),
                            candidate.get(),
                            plan.get().step());
                }
            }
            log.info("resumed the {} of {}@{} at {}%", resumed.strategy(), id, candidate.get(), resumed.percent());
        } catch (RuntimeException e) {
            log.error(
                    "could not resume the {} of {}@{}; {} serves alone",
                    resumed.strategy(),
                    id,
                    candidate.get(),
                    active.label(),
                    e);
            try {
                registry.transition(
                        id,
                        active.version(),
                        Optional.empty(),
                        "refuse",
                        candidate.get(),
                        "could not be restored: " + e.getMessage());
            } catch (RegistryException notRecorded) { // e.g. another replica changed it meanwhile
                log.warn(
                        "could not record that the {} of {} was dropped: {}",
                        resumed.strategy(),
                        id,
                        notRecorded.getMessage());
            }
        }
    }

    private static DeploymentStrategy.Rolling rollingStrategy(RolloutPlan plan) {
        return new DeploymentStrategy.Rolling(plan.steps().size(), Duration.ofMillis(plan.intervalMillis()));
    }

    /** The canary analyses and rolling deployments this replica runs, for a shared registry to hand over. */
    private final class LocalRollouts implements AutomaticRollouts {

        @Override
        public boolean drives(String componentId) {
            return analyzer.progress(componentId).isPresent()
                    || rolling.step(componentId).isPresent();
        }

        @Override
        public void resume(String componentId) {
            Optional<RolloutState> rollout = registry.rollout(componentId);
            Optional<RolloutPlan> plan = rollout.flatMap(RolloutState::plan);
            Optional<SemanticVersion> candidate = rollout.flatMap(RolloutState::candidate);
            Optional<StoredVersion> active = registry.active(componentId);
            if (plan.isEmpty() || candidate.isEmpty() || active.isEmpty()) {
                return;
            }
            if (plan.get().kind().equals(RolloutPlan.ROLLING)) {
                rolling.resume(
                        admitted(registry.version(componentId, candidate.get())),
                        rollingStrategy(plan.get()),
                        plan.get().step() + 1);
            } else {
                analyzer.resume(
                        componentId,
                        CanaryAnalyzer.policy(plan.get()),
                        active.get().version(),
                        candidate.get(),
                        plan.get().step());
            }
        }

        @Override
        public void stop(String componentId) {
            endAutomaticRollouts(componentId);
        }
    }

    // ---------------------------------------------------------------- deploying

    /**
     * Deploys an artifact immediately, with the operator's configured grants.
     *
     * @throws ComponentRejectedException with the reason it was refused
     */
    public ComponentHandle deploy(byte[] artifact) {
        return deploy(DeploymentRequest.of(artifact));
    }

    /** Deploys an artifact with a strategy and the operator's configured grants. */
    public ComponentHandle deploy(byte[] artifact, DeploymentStrategy strategy) {
        return deploy(DeploymentRequest.of(artifact).withStrategy(strategy));
    }

    /**
     * Deploys as the request says. The manifest used is stored with the version, and a version
     * lower than the highest stored is refused unless downgrades are allowed (rolling back to a
     * stored version always is, through {@link #rollbackTo}).
     *
     * @throws ComponentRejectedException with the reason it was refused; what served keeps serving
     */
    public ComponentHandle deploy(DeploymentRequest request) {
        VersionBuilder.ManifestSource manifest = builder.read(request.artifact(), request.manifest());
        return changes.apply(manifest.parsed().id(), () -> deploy(request, manifest));
    }

    private ComponentHandle deploy(DeploymentRequest request, VersionBuilder.ManifestSource manifest) {
        refuseDowngrade(manifest.parsed());
        CapabilitySet grants = request.grants()
                .orElseGet(() -> builder.configuredGrants(manifest.parsed().id()));
        ComponentVersion version = builder.build(request.artifact(), manifest, grants);
        admit(version);
        try {
            registry.store(
                    version.componentId(),
                    version.version(),
                    request.artifact(),
                    manifest.text(),
                    PermissionsWriter.toToml(grants));
            endAutomaticRollouts(version.componentId());
            if (request.strategy() instanceof DeploymentStrategy.Rolling steps
                    && !deployments.serving(version.componentId()).isEmpty()) {
                rolling.start(version, steps); // returns at once; the steps follow in the background
                drivenHere(version.componentId());
            } else {
                deployments.deploy(version, request.strategy());
            }
            return handle(version.componentId());
        } catch (RuntimeException e) {
            if (deployments.serving(version.componentId()).stream().noneMatch(v -> v == version)) {
                version.close();
            }
            if (e instanceof RegistryConflictException conflict) {
                throw conflict;
            }
            throw new ComponentRejectedException(version.label(), e);
        }
    }

    private void refuseDowngrade(ComponentManifest manifest) {
        if (config.allowDowngrades()) {
            return;
        }
        registry.versions(manifest.id()).stream()
                .map(StoredVersion::version)
                .max(SemanticVersion::compareTo)
                .filter(newest -> newest.compareTo(manifest.version()) > 0)
                .ifPresent(newest -> {
                    throw new ComponentRejectedException(
                            manifest.label(),
                            new WasmException("it is older than "
                                    + newest + ", the newest stored version; deploy a newer version, or roll back to a "
                                    + "stored one (downgrades are refused unless allowed)"));
                });
    }

    /**
     * Serves a stored version again, immediately; the way back to any earlier version.
     *
     * @throws ComponentRejectedException if it fails its start-up checks; what served keeps serving
     */
    public void rollbackTo(String componentId, SemanticVersion version) {
        changes.run(componentId, () -> {
            ComponentVersion rebuilt = builder.rebuild(registry.version(componentId, version));
            admit(rebuilt);
            deployments.deploy(rebuilt, DeploymentStrategy.immediate());
        });
    }

    /** A stored version rebuilt and through its start-up checks. */
    private ComponentVersion admitted(StoredVersion stored) {
        ComponentVersion version = builder.rebuild(stored);
        admit(version);
        return version;
    }

    /**
     * A stored version rebuilt and through its start-up checks, a refusal not recorded: a
     * replica converging on the registry's state only reads it (what failed is in its log; its
     * per-replica report shows what it serves instead).
     */
    private ComponentVersion admittedUnrecorded(StoredVersion stored) {
        return checked(builder.rebuild(stored));
    }

    /** {@code version} once through its start-up checks; closed and refused if it fails them. */
    private ComponentVersion checked(ComponentVersion version) {
        try {
            version.admit(Optional.ofNullable(config.smokeCalls().get(version.componentId())));
            return version;
        } catch (WasmException e) {
            version.close();
            throw new ComponentRejectedException(version.label(), e);
        }
    }

    /**
     * Runs a new version's start-up checks ({@link ComponentVersion#admit}) before it takes any
     * traffic; a version that fails them is closed, recorded in the history as refused, and
     * refused with the reason.
     */
    private void admit(ComponentVersion version) {
        try {
            checked(version);
        } catch (ComponentRejectedException e) {
            if (!registry.versions(version.componentId()).isEmpty()) {
                registry.record(
                        version.componentId(),
                        "refuse",
                        version.version(),
                        e.getCause().getMessage());
            }
            throw e;
        }
    }

    /** Makes the canary or rolling candidate the only version, or releases the blue-green standby. */
    public void promote(String componentId) {
        changes.run(componentId, () -> {
            endAutomaticRollouts(componentId);
            deployments.promote(componentId);
        });
    }

    /** Drops a canary or returns to the blue-green standby. */
    public void rollback(String componentId) {
        changes.run(componentId, () -> {
            endAutomaticRollouts(componentId);
            deployments.rollback(componentId);
        });
    }

    /** With a shared registry, claims the roll-out just started here, which this replica then drives. */
    private void drivenHere(String componentId) {
        if (convergence != null) {
            convergence.drive(componentId);
        }
    }

    private void endAutomaticRollouts(String componentId) {
        analyzer.stop(componentId);
        rolling.stop(componentId);
    }

    /**
     * Lets the component's canary advance on its own: it takes each share of the analysis'
     * steps in turn, is judged against the stable version after each interval, and is promoted
     * after the last step or rolled back at the first breach, with the reason in the history.
     * A manual promote, rollback, weight change or new deployment ends the analysis.
     *
     * @throws DeploymentException if the component has no canary in progress
     */
    public void analyzeCanary(String componentId, CanaryAnalysis analysis) {
        changes.run(componentId, () -> {
            analyzer.start(componentId, analysis);
            drivenHere(componentId);
        });
    }

    /** The canary analysis in progress for a component: its policy and the step it is at. */
    public Optional<CanaryAnalysisProgress> canaryAnalysis(String componentId) {
        return analyzer.progress(componentId)
                .map(p -> new CanaryAnalysisProgress(p.policy(), p.stable(), p.candidate(), p.step()));
    }

    /** Changes the share of calls a canary takes, 0 to 100. */
    public void setCanaryPercent(String componentId, int percent) {
        changes.run(componentId, () -> {
            endAutomaticRollouts(componentId);
            deployments.setCanaryPercent(componentId, percent);
        });
    }

    /**
     * Stops serving a component; its stored versions stay, and it is not restored at the next
     * start until started again. Calls {@code shutdown} where exported.
     */
    public void stop(String componentId) {
        changes.run(componentId, () -> {
            endAutomaticRollouts(componentId);
            deployments.undeploy(componentId);
        });
    }

    /** Serves a stopped component again, at the version that served last. */
    public void start(String componentId) {
        changes.run(componentId, () -> {
            List<StoredVersion> stored = registry.versions(componentId);
            if (stored.isEmpty()) {
                throw new DeploymentException("component '" + componentId + "' has no stored version to start");
            }
            rollbackTo(
                    componentId,
                    registry.lastServing(componentId)
                            .orElse(stored.get(stored.size() - 1).version()));
        });
    }

    /** Serves a stopped component again, at a stored version. */
    public void start(String componentId, SemanticVersion version) {
        rollbackTo(componentId, version);
    }

    /**
     * Stops serving a component and forgets it: its stored versions, grants and stored data are
     * deleted, so an unrelated artifact deployed later under the same id starts empty.
     */
    public void remove(String componentId) {
        changes.run(componentId, () -> {
            endAutomaticRollouts(componentId);
            deployments.undeploy(componentId);
            registry.remove(componentId);
            store.deleteNamespace(componentId);
        });
    }

    /**
     * Watches {@code directory} and deploys artifacts dropped or replaced in it, with the
     * configured grants; close the result to stop watching.
     */
    public DirectoryDeployer watch(Path directory, Duration interval, DeploymentStrategy strategy) {
        return DirectoryDeployer.start(this, directory, interval, strategy);
    }

    /** Largest artifact the runtime accepts, in bytes. */
    int maxArtifactBytes() {
        return config.engine().binaryLimits().maxModuleBytes();
    }

    // ---------------------------------------------------------------- calling

    /**
     * The component deployed under {@code componentId}, to call.
     *
     * @throws DeploymentException if it is not deployed
     */
    public ComponentHandle component(String componentId) {
        if (deployments.active(componentId).isEmpty()) {
            throw new DeploymentException("component '" + componentId + "' is not deployed; deployed are "
                    + new TreeSet<>(deployments.componentIds()));
        }
        return handle(componentId);
    }

    private ComponentHandle handle(String componentId) {
        return new ComponentHandle(componentId, RoutingKey.NONE, deployments, calls);
    }

    /** Adds an observer told of every call after it ends, e.g. to record metrics. */
    public void addCallObserver(CallObserver observer) {
        calls.addObserver(observer);
    }

    /** Adds an interceptor wrapped around every call, e.g. to trace it; the first added is outermost. */
    public void addCallInterceptor(CallInterceptor interceptor) {
        calls.addInterceptor(interceptor);
    }

    /** Adds a listener told of every change in what serves a component, on the thread that made it. */
    public void addListener(DeploymentListener listener) {
        deployments.addListener(listener);
    }

    // ---------------------------------------------------------------- observing

    /**
     * The interfaces the application offers its components, each with its functions and the
     * components whose serving versions import it.
     */
    public List<HostInterfaceUse> hostInterfaces() {
        return config.hostInterfaces().stream()
                .map(offered -> new HostInterfaceUse(
                        offered.name(),
                        List.copyOf(offered.wit().functions().keySet()),
                        componentIds().stream()
                                .filter(id -> serving(id).stream()
                                        .anyMatch(version ->
                                                version.importedModules().contains(offered.name())))
                                .toList()))
                .toList();
    }

    /** The components serving now. */
    public List<String> componentIds() {
        return deployments.componentIds();
    }

    /** The versions serving a component and how calls are split between them; empty when not serving. */
    public Optional<DeploymentStatus> status(String componentId) {
        return deployments.status(componentId);
    }

    /** The versions serving a component now, active first: manifests, exports, pool statistics. */
    public List<ComponentVersion> serving(String componentId) {
        return deployments.serving(componentId);
    }

    /** What the registry holds: stored versions, the active ones, history. Read-only. */
    public StoredComponents registry() {
        return registry;
    }

    /**
     * With a registry shared by replicas: the component's revision, which every change to it
     * increments (give it to {@link ExpectedRevision#of} to make a change conditional on it);
     * empty with a file registry.
     */
    public OptionalLong revision(String componentId) {
        return registry instanceof JdbcComponentRegistry shared
                ? OptionalLong.of(shared.revision(componentId))
                : OptionalLong.empty();
    }

    /**
     * With a registry shared by replicas: what each replica last reported serving of the
     * component, and when it was last seen; empty with a file registry.
     */
    public List<ReplicaStatus> replicas(String componentId) {
        return registry instanceof JdbcComponentRegistry shared ? shared.replicas(componentId) : List.of();
    }

    /** This replica's name in a shared registry's per-replica view. */
    public String replicaId() {
        return config.replicaId();
    }

    /** Recent permission decisions: what each component asked for and whether it was allowed. */
    public AuditLog audit() {
        return enforcer.audit();
    }

    /**
     * Listens, as the reserved id {@code host}, to what components whose ids match {@code from}
     * ({@code *} wildcards) send or request; a component needs {@code host} in its
     * {@code [permissions.messaging] send-to} to reach the application. Close the returned handle
     * to stop listening.
     */
    public AutoCloseable listen(String from, BusListener listener) {
        return inbox.add(NamePattern.parse(from), Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Sends {@code payload} to {@code to}'s {@code handle-message} as {@code host}; returns the message id.
     *
     * @throws io.airssys.wasm.messaging.MessagingException {@code target-not-found} or {@code mailbox-full}
     */
    public String send(String to, byte[] payload) {
        return bus.send(MessageBus.HOST, to, payload);
    }

    /**
     * Asks {@code to} as {@code host}; the future completes with its reply, or exceptionally with
     * a {@link io.airssys.wasm.messaging.MessagingException} ({@code timed-out}, {@code handler-failed}, ...).
     */
    public CompletableFuture<byte[]> request(String to, byte[] payload, Duration timeout) {
        return bus.ask(to, payload, timeout);
    }

    /** The message bus between components; the application sends as {@code host}. */
    public MessageBus messageBus() {
        return bus;
    }

    /** Stops serving everything; the registry keeps each component active, to be restored at the next start. */
    @Override
    public void close() {
        registrySync.mute(true); // undeploys of shutting down keep each component active
        if (convergence != null) {
            convergence.close();
        }
        analyzer.close();
        rolloutScheduler.shutdownNow();
        bus.close();
        deployments.close();
        if (ownsEngine) {
            engine.close();
        }
        if (ownsStore) {
            store.close();
        }
    }
}
