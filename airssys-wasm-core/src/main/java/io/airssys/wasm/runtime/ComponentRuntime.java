package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.binary.CustomSection;
import io.airssys.wasm.binary.WasmModuleInfo;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.deployment.DeploymentEvent;
import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.host.FilesystemHost;
import io.airssys.wasm.host.HostServices;
import io.airssys.wasm.host.HttpOutboundHost;
import io.airssys.wasm.host.MessagingHost;
import io.airssys.wasm.host.StorageHost;
import io.airssys.wasm.host.WasiContexts;
import io.airssys.wasm.host.wasi.WasiPreview1;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.manifest.PermissionsWriter;
import io.airssys.wasm.manifest.ResourceLimits;
import io.airssys.wasm.messaging.Message;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.messaging.MessageEndpoint;
import io.airssys.wasm.messaging.Reply;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.storage.ComponentStore;
import io.airssys.wasm.storage.MvStoreComponentStore;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade the rest of the world calls: deploy component artifacts, call them, roll them
 * out and back, and keep them across restarts. An artifact is a core wasm module carrying
 * custom sections {@code airssys:manifest} (its Component.toml), optionally {@code airssys:wit}
 * (the WIT it was built against) and {@code airssys:signature}.
 *
 * <p>A deployment goes: read the binary, read the manifest, check the signature, admit the
 * capabilities it requests against the operator's grants, compile with its memory cap, link
 * its imports (airssys host interfaces, WASI), check its exports against its world, store the
 * version in the registry, then route traffic to it by the chosen strategy. A failure at any
 * step refuses the artifact with a {@link ComponentRejectedException} and leaves what was
 * serving untouched. Thread-safe.
 */
public final class ComponentRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComponentRuntime.class);
    static final String MANIFEST_SECTION = "airssys:manifest";
    static final String WIT_SECTION = "airssys:wit";

    private final RuntimeConfig config;
    private final WasmEngine engine;
    private final boolean ownsEngine;
    private final ComponentRegistry registry;
    private final CapabilityEnforcer enforcer;
    private final HostServices hostServices;
    private final FilesystemHost filesystem;
    private final HttpOutboundHost http;
    private final ComponentStore store;
    private final boolean ownsStore;
    private final StorageHost storage;
    private final MessageBus bus;
    private final MessagingHost messaging;
    private final DeploymentManager<ComponentVersion> deployments = new DeploymentManager<>();
    private final java.util.concurrent.atomic.AtomicLong builds = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closing;
    private final List<CallObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ComponentRuntime(RuntimeConfig config, WasmEngine engine, boolean ownsEngine) {
        this.config = config;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.registry = ComponentRegistry.open(config.registryDirectory());
        this.enforcer = new CapabilityEnforcer(new AuditLog(config.auditCapacity(), config.clock()));
        this.hostServices = new HostServices(enforcer, config.clock(), config.environment()::get);
        this.filesystem = new FilesystemHost(enforcer, config.maxFileReadBytes(), config.wasi().maxFileBytes());
        this.http = new HttpOutboundHost(enforcer, config.httpTimeout(), config.maxHttpBodyBytes());
        this.ownsStore = config.store() == null;
        this.store = ownsStore ? MvStoreComponentStore.open(config.registryDirectory().resolve("storage.mv.db"))
                : config.store();
        this.storage = new StorageHost(store, enforcer);
        this.bus = new MessageBus(new BusEndpoint(), config.bus(), config.clock());
        this.messaging = new MessagingHost(bus, enforcer);
        this.deployments.addListener(new RegistryUpdater());
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
        return runtime;
    }

    /**
     * Redeploys each component's active version from the registry, as it was before a restart:
     * with the manifest that admitted it, so it comes back under the same id with the same
     * requests, whatever the artifact embeds.
     */
    private void restore() {
        registry.damaged().forEach((id, reason) -> log.error("not restoring {}: {}", id, reason));
        for (String id : new java.util.TreeSet<>(registry.componentIds())) {
            Optional<StoredVersion> active = registry.active(id);
            if (active.isEmpty()) {
                continue;
            }
            try {
                deployments.deploy(buildStored(active.get()), DeploymentStrategy.immediate());
                log.info("restored {}", active.get().label());
            } catch (RuntimeException e) {
                log.error("could not restore {}; it stays stored but is not serving", active.get().label(), e);
            }
        }
    }

    /** Builds a stored version as it was admitted: its stored manifest and the component's grants. */
    private ComponentVersion buildStored(StoredVersion stored) {
        String id = stored.componentId();
        CapabilitySet grants = config.grants().apply(id).or(() -> registry.grants(id)
                .map(text -> ManifestParser.parseGrants(registry.root() + "#" + id, text)))
                .orElse(CapabilitySet.NONE);
        byte[] artifact = registry.artifact(stored);
        ManifestSource manifest = manifestOf(artifact, stored.manifest());
        if (!manifest.parsed().id().equals(id) || !manifest.parsed().version().equals(stored.version())) {
            throw new ComponentRejectedException(stored.label(), new WasmException("its manifest names "
                    + manifest.parsed().label() + ", not the version stored; the registry entry does not match"));
        }
        return build(artifact, manifest, grants);
    }

    // ---------------------------------------------------------------- deploying

    /**
     * Deploys an artifact immediately with the operator's configured grants; returns its id.
     *
     * @throws ComponentRejectedException with the reason it was refused
     */
    public String loadComponent(byte[] artifact) {
        return deploy(artifact, DeploymentStrategy.immediate());
    }

    /** Deploys an artifact immediately with these grants; returns its id. */
    public String loadComponent(byte[] artifact, CapabilitySet grants) {
        return deploy(artifact, Optional.empty(), grants, DeploymentStrategy.immediate()).componentId();
    }

    /** Deploys an artifact with a strategy and the operator's configured grants; returns its id. */
    public String deploy(byte[] artifact, DeploymentStrategy strategy) {
        ComponentManifest manifest = manifestOf(artifact, Optional.empty()).parsed();
        CapabilitySet grants = config.grants().apply(manifest.id()).orElse(CapabilitySet.NONE);
        return deploy(artifact, Optional.empty(), grants, strategy).componentId();
    }

    /**
     * Deploys a bare module or an artifact; {@code manifestText} stands in for (or overrides)
     * its {@code airssys:manifest} section. The manifest used is stored with the version, and a
     * version lower than the highest stored is refused unless downgrades are allowed (rolling
     * back to a stored version is always allowed, through {@link #rollbackTo}).
     */
    public ComponentVersion deploy(byte[] artifact, Optional<String> manifestText, CapabilitySet grants,
                                   DeploymentStrategy strategy) {
        ManifestSource manifest = manifestOf(artifact, manifestText);
        refuseDowngrade(manifest.parsed());
        ComponentVersion version = build(artifact, manifest, grants);
        try {
            registry.store(version.componentId(), version.version(), artifact, Optional.of(manifest.text()));
            registry.setGrants(version.componentId(), PermissionsWriter.toToml(grants));
            deployments.deploy(version, strategy);
            return version;
        } catch (RuntimeException e) {
            if (deployments.serving(version.componentId()).stream().noneMatch(v -> v == version)) {
                version.close();
            }
            throw new ComponentRejectedException(version.label(), e);
        }
    }

    private void refuseDowngrade(ComponentManifest manifest) {
        if (config.allowDowngrades()) {
            return;
        }
        registry.versions(manifest.id()).stream().map(StoredVersion::version).max(SemanticVersion::compareTo)
                .filter(newest -> newest.compareTo(manifest.version()) > 0)
                .ifPresent(newest -> {
                    throw new ComponentRejectedException(manifest.label(), new WasmException("it is older than "
                            + newest + ", the newest stored version; deploy a newer version, or roll back to a "
                            + "stored one (downgrades are refused unless allowed)"));
                });
    }

    /** Serves a stored version again, immediately; the way back to any earlier version. */
    public void rollbackTo(String componentId, SemanticVersion version) {
        deployments.deploy(buildStored(registry.version(componentId, version)), DeploymentStrategy.immediate());
    }

    public void promote(String componentId) {
        deployments.promote(componentId);
    }

    /** Drops a canary or returns to the blue-green standby. */
    public void rollback(String componentId) {
        deployments.rollback(componentId);
    }

    public void setCanaryPercent(String componentId, int percent) {
        deployments.setCanaryPercent(componentId, percent);
    }

    /** Stops serving a component (its stored versions stay); calls {@code shutdown} where exported. */
    public void unload(String componentId) {
        deployments.undeploy(componentId);
    }

    /**
     * Serves a stopped component again: {@code version} if given, else its newest stored
     * version.
     */
    public void start(String componentId, Optional<SemanticVersion> version) {
        List<StoredVersion> stored = registry.versions(componentId);
        if (stored.isEmpty()) {
            throw new io.airssys.wasm.deployment.DeploymentException("component '" + componentId
                    + "' has no stored version to start");
        }
        rollbackTo(componentId, version.orElse(stored.get(stored.size() - 1).version()));
    }

    /**
     * Stops serving a component and forgets it: its stored versions, grants and stored data are
     * deleted, so an unrelated artifact deployed later under the same id starts empty.
     */
    public void remove(String componentId) {
        deployments.undeploy(componentId);
        registry.remove(componentId);
        store.deleteNamespace(componentId);
    }

    // ---------------------------------------------------------------- calling

    /** Sends bytes to the component's {@code handle-message} and returns its reply. */
    public byte[] execute(String componentId, byte[] input) {
        return execute(componentId, null, input);
    }

    /** {@link #execute(String, byte[])} with a routing key that keeps the caller on one version of a sticky canary. */
    public byte[] execute(String componentId, String routingKey, byte[] input) {
        return deployments.call(componentId, routingKey,
                version -> observed(version, "handle-message", () -> version.execute(input)));
    }

    /** Calls an export by its canonical name ({@code ns:pkg/iface@v#f}, or a world-level name). */
    public WitValue invoke(String componentId, String exportName, Object... args) {
        return deployments.call(componentId, null,
                version -> observed(version, exportName, () -> version.invoke(exportName, args)));
    }

    public <T> T invoke(String componentId, String exportName, Class<T> resultType, Object... args) {
        return deployments.call(componentId, null,
                version -> observed(version, exportName, () -> version.invoke(exportName, resultType, args)));
    }

    /** Calls an export and converts its result to a generic Java type; what {@code @WasmComponent} proxies use. */
    public Object invoke(String componentId, String exportName, java.lang.reflect.Type resultType, Object... args) {
        return deployments.call(componentId, null,
                version -> observed(version, exportName, () -> version.invoke(exportName, resultType, args)));
    }

    /** Adds an observer told of every call, e.g. to record metrics. */
    public void addCallObserver(CallObserver observer) {
        observers.add(observer);
    }

    private <R> R observed(ComponentVersion version, String function, java.util.function.Supplier<R> call) {
        if (observers.isEmpty()) {
            return call.get();
        }
        long start = System.nanoTime();
        CallOutcome outcome = CallOutcome.FAILURE;
        try {
            R result = call.get();
            outcome = CallOutcome.SUCCESS;
            return result;
        } catch (RuntimeException e) {
            outcome = CallOutcome.of(e);
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            String name = function.contains("#") ? function.substring(function.indexOf('#') + 1) : function;
            for (CallObserver observer : observers) {
                observer.onCall(version.componentId(), version.version(), name, nanos, outcome);
            }
        }
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

    /** Runs the active version's health check. */
    public boolean healthy(String componentId) {
        return deployments.call(componentId, null, ComponentVersion::healthy);
    }

    // ---------------------------------------------------------------- observing

    public List<String> componentIds() {
        return deployments.componentIds();
    }

    public Optional<DeploymentStatus> status(String componentId) {
        return deployments.status(componentId);
    }

    /** The versions serving a component now, active first. */
    public List<ComponentVersion> serving(String componentId) {
        return deployments.serving(componentId);
    }

    public ComponentRegistry registry() {
        return registry;
    }

    public CapabilityEnforcer enforcer() {
        return enforcer;
    }

    /** The message bus between components; the application sends as {@code host}. */
    public MessageBus messageBus() {
        return bus;
    }

    /** The components' key-value store. */
    public ComponentStore store() {
        return store;
    }

    public void addListener(DeploymentListener listener) {
        deployments.addListener(listener);
    }

    /** Stops serving everything; the registry keeps each component active, to be restored at the next start. */
    @Override
    public void close() {
        closing = true;
        bus.close();
        deployments.close();
        if (ownsEngine) {
            engine.close();
        }
        if (ownsStore) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- building a version

    private ComponentVersion build(byte[] artifact, ManifestSource source, CapabilitySet grants) {
        ComponentManifest manifest = source.parsed();
        String label = manifest.label();
        // each build is its own principal, so draining one build never revokes another of the same version
        String principal = label + "#" + builds.incrementAndGet();
        CompiledModule module = null;
        InstancePool pool = null;
        boolean admitted = false;
        try {
            config.signatures().verify(label, artifact);
            enforcer.admit(principal, manifest.requested(), grants);
            admitted = true;
            ResourceLimits resources = effectiveResources(manifest);
            module = engine.compile(label, artifact, moduleLimits(resources));
            pool = new InstancePool(module, hostFunctions(module, principal, manifest), poolSettings(resources));
            pool.warmUp(1);
            WitResolve core = BundledWit.load("core");
            WitResolve own = witOf(module, label).orElse(core);
            TypedInvoker functions = new TypedInvoker(pool, own);
            manifest.world().ifPresent(world -> functions.verify(findWorld(world, own, core, label)));
            return new ComponentVersion(manifest, io.airssys.wasm.Sha256.hex(artifact), module, pool, new TypedInvoker(pool, core), functions,
                    config.componentConfig().getOrDefault(manifest.id(), Map.of()), enforcer, principal, config.clock());
        } catch (RuntimeException | Error e) {
            if (pool != null) {
                pool.close();
            }
            if (module != null) {
                module.close();
            }
            if (admitted) {
                enforcer.revoke(principal);
            }
            if (e instanceof ComponentRejectedException rejected) {
                throw rejected;
            }
            if (e instanceof WasmException || e instanceof IllegalArgumentException) {
                throw new ComponentRejectedException(label, e);
            }
            throw e;
        }
    }

    /** A manifest and the text it was read from, which is stored with the version. */
    private record ManifestSource(ComponentManifest parsed, String text) {
    }

    private ManifestSource manifestOf(byte[] artifact, Optional<String> manifestText) {
        String unnamed = "artifact of " + artifact.length + " bytes";
        WasmModuleInfo info;
        try {
            info = WasmModuleReader.read(artifact, config.engine().binaryLimits());
        } catch (WasmException e) {
            throw new ComponentRejectedException(unnamed, e);
        }
        Optional<String> text = manifestText.or(() -> info.customSection(MANIFEST_SECTION)
                .map(CustomSection::payloadAsString));
        if (text.isEmpty()) {
            throw new ComponentRejectedException(unnamed,
                    new WasmException("it has no " + MANIFEST_SECTION + " section and no manifest was given"));
        }
        try {
            return new ManifestSource(ManifestParser.parse(MANIFEST_SECTION, text.get()), text.get());
        } catch (WasmException e) {
            throw new ComponentRejectedException(unnamed, e);
        }
    }

    private static Optional<WitResolve> witOf(CompiledModule module, String label) {
        return module.info().customSection(WIT_SECTION)
                .map(section -> WitParser.parse(label + "#" + WIT_SECTION, section.payloadAsString()));
    }

    private static WitWorld findWorld(String world, WitResolve own, WitResolve core, String label) {
        return own.findWorld(world).or(() -> core.findWorld(world)).orElseThrow(() ->
                new WasmException("its manifest names world " + world + ", which neither its WIT nor airssys:core defines"));
    }

    private List<HostFunction> hostFunctions(CompiledModule module, String principal, ComponentManifest manifest) {
        List<HostFunction> functions = new ArrayList<>(hostServices.functions(principal));
        functions.addAll(filesystem.functions(principal));
        functions.addAll(http.functions(principal));
        functions.addAll(storage.functions(principal));
        functions.addAll(messaging.functions(principal));
        boolean importsWasi = module.info().imports().stream().anyMatch(i -> i.module().equals(WasiPreview1.MODULE));
        if (importsWasi) {
            functions.addAll(new WasiPreview1(WasiContexts.forComponent(principal, enforcer, manifest.requested(),
                    config.environment(), config.wasi())).functions());
        }
        return functions;
    }

    /** The operator's override for each limit it sets, else the manifest's. */
    private ResourceLimits effectiveResources(ComponentManifest manifest) {
        ResourceLimits override = config.overrides().get(manifest.id());
        return override == null ? manifest.resources() : manifest.resources().overriddenBy(override);
    }

    private ModuleLimits moduleLimits(ResourceLimits resources) {
        long memory = Math.min(resources.memoryMaxBytes().orElse(config.defaultMemoryBytes()), config.maxMemoryBytes());
        long tables = Math.min(resources.tableElementsMax().orElse(config.defaultTableElements()),
                config.maxTableElements());
        return new ModuleLimits(Math.min(memory / ModuleLimits.PAGE_SIZE, ModuleLimits.MAX_MEMORY_PAGES), tables);
    }

    private PoolSettings poolSettings(ResourceLimits resources) {
        PoolSettings defaults = config.pool();
        Duration timeout = resources.timeout().orElse(defaults.callTimeout());
        if (timeout.compareTo(config.maxTimeout()) > 0) {
            timeout = config.maxTimeout();
        }
        int instances = Math.min(resources.instances().orElse(defaults.maxInstances()), config.maxInstances());
        return defaults.withCallTimeout(timeout).withMaxInstances(instances);
    }


    /** Delivers bus messages to whichever version routing picks, like any other call. */
    private final class BusEndpoint implements MessageEndpoint {
        @Override
        public boolean exists(String componentId) {
            return deployments.componentIds().contains(componentId);
        }

        @Override
        public byte[] handleMessage(Message message) {
            return deployments.call(message.to(), message.from(),
                    version -> observed(version, "handle-message", () -> version.deliver(message)));
        }

        @Override
        public void handleCallback(String requester, String correlation, Reply reply) {
            deployments.call(requester, null, version -> observed(version, "handle-callback", () -> {
                version.callback(correlation, reply);
                return null;
            }));
        }
    }

    /** Keeps the registry's active pointer on the version that serves a component's traffic. */
    private final class RegistryUpdater implements DeploymentListener {
        @Override
        public void onEvent(DeploymentEvent event) {
            if (closing) {
                return;
            }
            String id = event.componentId();
            if (event instanceof DeploymentEvent.Deployed deployed
                    && deployed.strategy() != DeploymentStrategy.Kind.CANARY
                    && deployed.strategy() != DeploymentStrategy.Kind.ROLLING) {
                registry.activate(id, deployed.version());
            } else if (event instanceof DeploymentEvent.Promoted promoted) {
                registry.activate(id, promoted.version());
            } else if (event instanceof DeploymentEvent.RolledBack rolledBack) {
                registry.activate(id, rolledBack.version());
            } else if (event instanceof DeploymentEvent.Undeployed) {
                registry.deactivate(id);
            }
        }
    }
}
