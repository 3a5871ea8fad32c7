package io.airssys.wasm.runtime;

import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.host.WasiContexts;
import io.airssys.wasm.manifest.ResourceLimits;
import io.airssys.wasm.messaging.BusSettings;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.TrustStore;
import io.airssys.wasm.storage.ComponentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a {@link ComponentRuntime} is built from. Immutable; made with {@link #builder(Path)},
 * whose defaults are the library's defaults (the Spring Boot properties take theirs from the same
 * values, and a test keeps the two in step).
 */
public final class RuntimeConfig {

    private final Path registryDirectory;
    private final EngineSettings engine;
    private final PoolSettings pool;
    private final long defaultMemoryBytes;
    private final long maxMemoryBytes;
    private final Duration maxTimeout;
    private final int maxInstances;
    private final long defaultTableElements;
    private final long maxTableElements;
    private final long defaultFuel;
    private final long maxFuel;
    private final boolean allowDowngrades;
    private final SignatureVerifier signatures;
    private final int auditCapacity;
    private final Function<String, Optional<CapabilitySet>> grants;
    private final Map<String, Map<String, String>> componentConfig;
    private final Map<String, String> smokeCalls;
    private final Map<String, ResourceLimits> overrides;
    private final Map<String, String> environment;
    private final long maxFileReadBytes;
    private final WasiContexts.WasiLimits wasi;
    private final Duration httpTimeout;
    private final long maxHttpBodyBytes;
    private final BusSettings bus;
    private final ComponentStore store;
    private final ComponentRegistry registry;
    private final String replicaId;
    private final Duration registryPollInterval;
    private final Clock clock;
    private final List<DeploymentListener> listeners;
    private final List<CallObserver> callObservers;
    private final List<CallInterceptor> callInterceptors;
    private final List<HostInterface> hostInterfaces;
    private final List<HostFunction> hostFunctions;

    private RuntimeConfig(Builder b) {
        this.registryDirectory = Objects.requireNonNull(b.registryDirectory, "registryDirectory");
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.pool = Objects.requireNonNull(b.pool, "pool");
        this.defaultMemoryBytes = b.defaultMemoryBytes;
        this.maxMemoryBytes = b.maxMemoryBytes;
        this.maxTimeout = Objects.requireNonNull(b.maxTimeout, "maxTimeout");
        this.maxInstances = b.maxInstances;
        this.defaultTableElements = b.defaultTableElements;
        this.maxTableElements = b.maxTableElements;
        this.defaultFuel = b.defaultFuel;
        this.maxFuel = b.maxFuel;
        this.allowDowngrades = b.allowDowngrades;
        this.signatures = Objects.requireNonNull(b.signatures, "signatures");
        this.auditCapacity = b.auditCapacity;
        this.grants = Objects.requireNonNull(b.grants, "grants");
        this.componentConfig = Map.copyOf(b.componentConfig);
        this.smokeCalls = Map.copyOf(b.smokeCalls);
        this.overrides = Map.copyOf(b.overrides);
        this.environment = Map.copyOf(b.environment);
        this.maxFileReadBytes = b.maxFileReadBytes;
        this.wasi = Objects.requireNonNull(b.wasi, "wasi");
        this.httpTimeout = Objects.requireNonNull(b.httpTimeout, "httpTimeout");
        this.maxHttpBodyBytes = b.maxHttpBodyBytes;
        this.bus = Objects.requireNonNull(b.bus, "bus");
        this.store = b.store;
        this.registry = b.registry;
        this.replicaId = Objects.requireNonNull(b.replicaId, "replicaId");
        this.registryPollInterval = Objects.requireNonNull(b.registryPollInterval, "registryPollInterval");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.listeners = List.copyOf(b.listeners);
        this.callObservers = List.copyOf(b.callObservers);
        this.callInterceptors = List.copyOf(b.callInterceptors);
        this.hostInterfaces = List.copyOf(b.hostInterfaces.values());
        this.hostFunctions = List.copyOf(b.hostFunctions);
        if (defaultMemoryBytes < 1
                || maxMemoryBytes < 1
                || maxInstances < 1
                || defaultTableElements < 0
                || maxTableElements < 0
                || defaultFuel < 0
                || maxFuel < 0
                || auditCapacity < 1
                || maxFileReadBytes < 0
                || maxHttpBodyBytes < 0) {
            throw new IllegalArgumentException("memory, instances and audit capacity must be positive, and table "
                    + "elements, fuel, file and body sizes not negative");
        }
        if (maxTimeout.isNegative()
                || maxTimeout.isZero()
                || httpTimeout.isNegative()
                || httpTimeout.isZero()
                || registryPollInterval.isNegative()
                || registryPollInterval.isZero()) {
            throw new IllegalArgumentException("maxTimeout, httpTimeout and registryPollInterval must be positive");
        }
        if (replicaId.isBlank()) {
            throw new IllegalArgumentException("replicaId must not be blank");
        }
    }

    /** A builder holding the defaults, for a runtime keeping its registry in {@code registryDirectory}. */
    public static Builder builder(Path registryDirectory) {
        return new Builder(registryDirectory);
    }

    /** Where versions and the registry index are kept. */
    public Path registryDirectory() {
        return registryDirectory;
    }

    /** Settings of the engine the runtime creates for itself (a shared engine keeps its own). */
    public EngineSettings engine() {
        return engine;
    }

    /** Default pool size, acquire timeout and call timeout, used when a manifest asks for none. */
    public PoolSettings pool() {
        return pool;
    }

    /** Memory per instance when the manifest asks for none. */
    public long defaultMemoryBytes() {
        return defaultMemoryBytes;
    }

    /** Most memory per instance any manifest may get. */
    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /** Longest call timeout any manifest may get. */
    public Duration maxTimeout() {
        return maxTimeout;
    }

    /** Most instances per version any manifest may get. */
    public int maxInstances() {
        return maxInstances;
    }

    /** Table elements per instance when the manifest asks for none. */
    public long defaultTableElements() {
        return defaultTableElements;
    }

    /** Most table elements per instance any manifest may get. */
    public long maxTableElements() {
        return maxTableElements;
    }

    /** Fuel per call when the manifest asks for none; 0 leaves such components unmetered. */
    public long defaultFuel() {
        return defaultFuel;
    }

    /** Most fuel per call any component may get; 0 sets no ceiling (an unmetered component stays so). */
    public long maxFuel() {
        return maxFuel;
    }

    /** Whether a version lower than the highest stored may be deployed (rolling back always may). */
    public boolean allowDowngrades() {
        return allowDowngrades;
    }

    /** The signature policy and trusted keys. */
    public SignatureVerifier signatures() {
        return signatures;
    }

    /** Recent permission decisions kept in memory. */
    public int auditCapacity() {
        return auditCapacity;
    }

    /** The operator's grants by component id; none means nothing is granted. */
    public Function<String, Optional<CapabilitySet>> grants() {
        return grants;
    }

    /** Key-values passed to each component's {@code initialize}, by component id. */
    public Map<String, Map<String, String>> componentConfig() {
        return componentConfig;
    }

    /**
     * By component id, an export taking no arguments that a new version must answer without
     * failing before it takes traffic (after {@code initialize} and {@code health}).
     */
    public Map<String, String> smokeCalls() {
        return smokeCalls;
    }

    /** The operator's resource limits by component id, over the manifest's (still capped by the maximums). */
    public Map<String, ResourceLimits> overrides() {
        return overrides;
    }

    /** Where granted environment variables are read from. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Largest file {@code airssys:filesystem} reads return. */
    public long maxFileReadBytes() {
        return maxFileReadBytes;
    }

    /** Bounds on guest output and on the files components write. */
    public WasiContexts.WasiLimits wasi() {
        return wasi;
    }

    /** Default timeout of outbound HTTP. */
    public Duration httpTimeout() {
        return httpTimeout;
    }

    /** Largest outbound HTTP response body. */
    public long maxHttpBodyBytes() {
        return maxHttpBodyBytes;
    }

    /** Mailbox capacity, delivery attempts, dead letters and threads of the message bus. */
    public BusSettings bus() {
        return bus;
    }

    /**
     * The components' key-value store, owned by the caller; empty for an H2 MVStore file
     * ({@code storage.mv.db}) in the registry directory, owned by the runtime.
     */
    public Optional<ComponentStore> store() {
        return Optional.ofNullable(store);
    }

    /**
     * The registry, owned by the caller (e.g. a {@link JdbcComponentRegistry} every replica
     * shares); empty for a {@link ComponentRegistry#open file registry} in the registry
     * directory, owned by the runtime.
     */
    public Optional<ComponentRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    /** This replica's name in a shared registry's per-replica view; by default host name and process id. */
    public String replicaId() {
        return replicaId;
    }

    /** How often a shared registry's revisions are compared, in case a change notification was missed. */
    public Duration registryPollInterval() {
        return registryPollInterval;
    }

    /** Time source. */
    public Clock clock() {
        return clock;
    }

    /** Told of every deployment event from the start, the restore of the registry's active versions included. */
    public List<DeploymentListener> listeners() {
        return listeners;
    }

    /** Told of every call after it ends. */
    public List<CallObserver> callObservers() {
        return callObservers;
    }

    /** The interfaces the application implements for its components. */
    public List<HostInterface> hostInterfaces() {
        return hostInterfaces;
    }

    /** Core host functions the application offers, checked like interfaces by their module name. */
    public List<HostFunction> hostFunctions() {
        return hostFunctions;
    }

    /** Wrapped around every call, the first outermost. */
    public List<CallInterceptor> callInterceptors() {
        return callInterceptors;
    }

    /**
     * Builds a {@link RuntimeConfig}. Defaults: 16 MiB memory per instance (64 MiB at most), the
     * pool's 4 instances (64 at most), 1 s calls (30 s at most), unsigned artifacts allowed,
     * nothing granted.
     */
    public static final class Builder {
        private final Path registryDirectory;
        private EngineSettings engine = EngineSettings.defaults();
        private PoolSettings pool = PoolSettings.defaults();
        private long defaultMemoryBytes = 16L << 20;
        private long maxMemoryBytes = 64L << 20;
        private Duration maxTimeout = Duration.ofSeconds(30);
        private int maxInstances = 64;
        private long defaultTableElements = ModuleLimits.DEFAULT_TABLE_ELEMENTS;
        private long maxTableElements = 1_000_000;
        private long defaultFuel = ModuleLimits.UNMETERED;
        private long maxFuel = ModuleLimits.UNMETERED;
        private boolean allowDowngrades;
        private SignatureVerifier signatures = new SignatureVerifier(TrustStore.empty(), false);
        private int auditCapacity = 1_000;
        private Function<String, Optional<CapabilitySet>> grants = id -> Optional.empty();
        private Map<String, Map<String, String>> componentConfig = Map.of();
        private Map<String, String> smokeCalls = Map.of();
        private Map<String, ResourceLimits> overrides = Map.of();
        private Map<String, String> environment = System.getenv();
        private long maxFileReadBytes = 16L << 20;
        private WasiContexts.WasiLimits wasi = WasiContexts.WasiLimits.DEFAULT;
        private Duration httpTimeout = Duration.ofSeconds(10);
        private long maxHttpBodyBytes = 10L << 20;
        private BusSettings bus = BusSettings.defaults();
        private ComponentStore store;
        private ComponentRegistry registry;
        private String replicaId = defaultReplicaId();
        private Duration registryPollInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private final List<DeploymentListener> listeners = new ArrayList<>();
        private final List<CallObserver> callObservers = new ArrayList<>();
        private final List<CallInterceptor> callInterceptors = new ArrayList<>();
        private final Map<String, HostInterface> hostInterfaces = new LinkedHashMap<>();
        private final List<HostFunction> hostFunctions = new ArrayList<>();

        private Builder(Path registryDirectory) {
            this.registryDirectory = registryDirectory;
        }

        private static String defaultReplicaId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid();
        }

        public Builder engine(EngineSettings value) {
            engine = value;
            return this;
        }

        public Builder pool(PoolSettings value) {
            pool = value;
            return this;
        }

        public Builder memory(long defaultBytes, long maxBytes) {
            defaultMemoryBytes = defaultBytes;
            maxMemoryBytes = maxBytes;
            return this;
        }

        public Builder maxTimeout(Duration value) {
            maxTimeout = value;
            return this;
        }

        public Builder maxInstances(int value) {
            maxInstances = value;
            return this;
        }

        /** Table elements per instance when a manifest asks for none, and the most any may get. */
        public Builder tableElements(long defaultElements, long maxElements) {
            defaultTableElements = defaultElements;
            maxTableElements = maxElements;
            return this;
        }

        /**
         * Fuel per call (instructions, see {@link ModuleLimits#fuelPerCall}) when a manifest asks for
         * none, and the most any may get; 0 means unmetered and no ceiling respectively. With a
         * ceiling every component is metered.
         */
        public Builder fuel(long defaultPerCall, long maxPerCall) {
            defaultFuel = defaultPerCall;
            maxFuel = maxPerCall;
            return this;
        }

        /** Whether a version lower than the highest stored may be deployed (rollback is always allowed). */
        public Builder allowDowngrades(boolean value) {
            allowDowngrades = value;
            return this;
        }

        public Builder signatures(SignatureVerifier value) {
            signatures = value;
            return this;
        }

        public Builder auditCapacity(int value) {
            auditCapacity = value;
            return this;
        }

        public Builder grants(Function<String, Optional<CapabilitySet>> value) {
            grants = value;
            return this;
        }

        public Builder grants(Map<String, CapabilitySet> value) {
            Map<String, CapabilitySet> copy = Map.copyOf(value);
            grants = id -> Optional.ofNullable(copy.get(id));
            return this;
        }

        public Builder componentConfig(Map<String, Map<String, String>> value) {
            componentConfig = value;
            return this;
        }

        /** See {@link RuntimeConfig#smokeCalls()}: export names by component id. */
        public Builder smokeCalls(Map<String, String> value) {
            smokeCalls = value;
            return this;
        }

        public Builder overrides(Map<String, ResourceLimits> value) {
            overrides = value;
            return this;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder http(Duration timeout, long maxBodyBytes) {
            httpTimeout = timeout;
            maxHttpBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxFileReadBytes(long value) {
            maxFileReadBytes = value;
            return this;
        }

        /** Output kept per call and per instance, and the largest file a component may write. */
        public Builder wasi(WasiContexts.WasiLimits value) {
            wasi = value;
            return this;
        }

        public Builder bus(BusSettings value) {
            bus = value;
            return this;
        }

        /** A store the caller owns and closes; by default the runtime opens and owns an MVStore file. */
        public Builder store(ComponentStore value) {
            store = value;
            return this;
        }

        /**
         * A registry the caller owns and closes, e.g. a {@link JdbcComponentRegistry} shared by
         * every replica; by default the runtime opens a file registry in the registry directory.
         */
        public Builder registry(ComponentRegistry value) {
            registry = value;
            return this;
        }

        /** This replica's name in a shared registry's per-replica view. */
        public Builder replicaId(String value) {
            replicaId = value;
            return this;
        }

        /** How often a shared registry's revisions are compared; notifications usually come first. */
        public Builder registryPollInterval(Duration value) {
            registryPollInterval = value;
            return this;
        }

        /** Adds a listener, registered before the runtime restores anything. */
        public Builder addListener(DeploymentListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder addCallObserver(CallObserver observer) {
            callObservers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /** Adds an interceptor; those added first are outermost. */
        public Builder addCallInterceptor(CallInterceptor interceptor) {
            callInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Offers an interface the application implements to the components that request it and
         * are granted it.
         *
         * @throws IllegalArgumentException if an interface of that name is offered already
         */
        public Builder hostInterface(HostInterface value) {
            Objects.requireNonNull(value, "value");
            if (hostInterfaces.putIfAbsent(value.name(), value) != null) {
                throw new IllegalArgumentException("host interface " + value.name() + " is offered twice");
            }
            return this;
        }

        /**
         * Offers one core host function, for what WIT cannot describe: the component imports it
         * from {@code function.module()}, which its manifest must request and the operator grant
         * like an interface name; the function works on core values and guest memory itself.
         *
         * @throws IllegalArgumentException for a module of the host's own ({@code airssys:*}, WASI)
         */
        public Builder hostFunction(HostFunction function) {
            Objects.requireNonNull(function, "function");
            if (function.module().startsWith("airssys:") || function.module().startsWith("wasi")) {
                throw new IllegalArgumentException("host function " + function.qualifiedName()
                        + ": the airssys and WASI modules belong to the host's own functions");
            }
            hostFunctions.add(function);
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a size or timeout is out of range
         */
        public RuntimeConfig build() {
            return new RuntimeConfig(this);
        }
    }
}
