package io.airssys.wasm.runtime;

import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.host.WasiContexts;
import io.airssys.wasm.manifest.ResourceLimits;
import io.airssys.wasm.messaging.BusSettings;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.TrustStore;
import io.airssys.wasm.storage.ComponentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a {@link ComponentRuntime} is built from. Start from {@link #builder(Path)}.
 *
 * @param registryDirectory  where versions and the registry index are kept
 * @param engine             engine settings
 * @param pool               default pool size, acquire timeout and call timeout, used when a manifest
 *                           asks for none
 * @param defaultMemoryBytes memory per instance when the manifest asks for none
 * @param maxMemoryBytes     most memory per instance any manifest may get
 * @param maxTimeout         longest call timeout any manifest may get
 * @param maxInstances       most instances per version any manifest may get
 * @param defaultTableElements table elements per instance when the manifest asks for none
 * @param maxTableElements   most table elements per instance any manifest may get
 * @param allowDowngrades    whether deploying a version lower than the highest stored is allowed
 *                           (rolling back to a stored version always is)
 * @param signatures         the signature policy and trusted keys
 * @param auditCapacity      recent permission decisions kept in memory
 * @param grants             the operator's grants by component id; none means nothing is granted
 * @param componentConfig    key-values passed to each component's {@code initialize}, by component id
 * @param overrides          the operator's resource limits by component id, taking precedence over the
 *                           manifest's (still capped by the maximums)
 * @param environment        where granted environment variables are read from
 * @param maxFileReadBytes   largest file {@code airssys:filesystem} reads return
 * @param wasi               bounds on guest output and on the files components write
 * @param httpTimeout        default timeout of outbound HTTP
 * @param maxHttpBodyBytes   largest outbound HTTP response body
 * @param bus                mailbox capacity, delivery attempts, dead letters and threads of the message bus
 * @param store              the components' key-value store; null for an H2 MVStore file
 *                           ({@code storage.mv.db}) in the registry directory, owned by the runtime
 * @param clock              time source
 */
public record RuntimeConfig(Path registryDirectory, EngineSettings engine, PoolSettings pool, long defaultMemoryBytes,
                            long maxMemoryBytes, Duration maxTimeout, int maxInstances, long defaultTableElements,
                            long maxTableElements, boolean allowDowngrades, SignatureVerifier signatures,
                            int auditCapacity, Function<String, Optional<CapabilitySet>> grants,
                            Map<String, Map<String, String>> componentConfig, Map<String, ResourceLimits> overrides,
                            Map<String, String> environment,
                            long maxFileReadBytes, WasiContexts.WasiLimits wasi, Duration httpTimeout, long maxHttpBodyBytes, BusSettings bus,
                            ComponentStore store,
                            Clock clock) {

    public RuntimeConfig {
        Objects.requireNonNull(registryDirectory, "registryDirectory");
        Objects.requireNonNull(wasi, "wasi");
        componentConfig = Map.copyOf(componentConfig);
        overrides = Map.copyOf(overrides);
        environment = Map.copyOf(environment);
    }

    public static Builder builder(Path registryDirectory) {
        return new Builder(registryDirectory);
    }

    /** Defaults: 16 MiB memory (64 MiB at most), 4 instances (64 at most), 1 s calls (30 s at most), unsigned allowed. */
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
        private boolean allowDowngrades;
        private SignatureVerifier signatures = new SignatureVerifier(TrustStore.empty(), false);
        private int auditCapacity = 1_000;
        private Function<String, Optional<CapabilitySet>> grants = id -> Optional.empty();
        private Map<String, Map<String, String>> componentConfig = Map.of();
        private Map<String, ResourceLimits> overrides = Map.of();
        private Map<String, String> environment = System.getenv();
        private long maxFileReadBytes = 16L << 20;
        private WasiContexts.WasiLimits wasi = WasiContexts.WasiLimits.DEFAULT;
        private Duration httpTimeout = Duration.ofSeconds(10);
        private long maxHttpBodyBytes = 10L << 20;
        private BusSettings bus = BusSettings.defaults();
        private ComponentStore store;
        private Clock clock = Clock.systemUTC();

        private Builder(Path registryDirectory) {
            this.registryDirectory = registryDirectory;
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

        public Builder store(ComponentStore value) {
            store = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public RuntimeConfig build() {
            return new RuntimeConfig(registryDirectory, engine, pool, defaultMemoryBytes, maxMemoryBytes, maxTimeout,
                    maxInstances, defaultTableElements, maxTableElements, allowDowngrades, signatures, auditCapacity, grants, componentConfig, overrides, environment, maxFileReadBytes,
                    wasi, httpTimeout, maxHttpBodyBytes, bus, store, clock);
        }
    }
}
