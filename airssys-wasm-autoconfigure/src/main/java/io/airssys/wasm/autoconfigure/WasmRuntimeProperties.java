package io.airssys.wasm.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The component runtime: where versions are kept, default and maximum resources, a watched
 * directory, and the components to deploy at start.
 *
 * @param registry   The persistent registry.
 * @param limits     Default and maximum resources of a component.
 * @param watch      Hot deploy from a directory.
 * @param storage    The components' key-value store.
 * @param messaging  The message bus between components.
 * @param components Components by id: where to load them from, their resources and grants.
 * @param pipelines  Pipelines by name: components chained so that each one's reply is the next one's input.
 */
@ConfigurationProperties("airssys.wasm")
public record WasmRuntimeProperties(
        @DefaultValue Registry registry,
        @DefaultValue Limits limits,
        @DefaultValue Watch watch,
        @DefaultValue Storage storage,
        @DefaultValue Messaging messaging,
        Map<String, Component> components,
        Map<String, Pipeline> pipelines) {

    public WasmRuntimeProperties {
        components = components == null ? Map.of() : Map.copyOf(components);
        pipelines = pipelines == null ? Map.of() : Map.copyOf(pipelines);
    }

    /**
     * @param steps Component ids, in order: the input goes to the first, each reply to the next.
     */
    public record Pipeline(List<String> steps) {}

    /**
     * @param path         Directory of the registry: stored versions and the index (file type), or the
     *                     local artifact cache (jdbc type, in its artifact-cache folder). Survives restarts.
     * @param type         Where the registry (versions, what serves, roll-outs, history) is kept.
     * @param replicaId    This replica's name in the jdbc registry's per-replica view; by default the
     *                     host name and process id.
     * @param pollInterval How often a jdbc registry's revisions are compared, in case a change
     *                     notification was missed.
     */
    public record Registry(
            @DefaultValue("airssys-wasm-registry") Path path,
            @DefaultValue("file") RegistryType type,
            String replicaId,
            @DefaultValue("1s") Duration pollInterval) {}

    /** Where the registry is kept. */
    public enum RegistryType {
        /** A directory of this application instance. */
        FILE,
        /**
         * The application's DataSource (PostgreSQL), shared by its replicas: a change made through
         * any replica is served by every replica. Needs flyway-core, flyway-database-postgresql
         * and the driver on the classpath.
         */
        JDBC
    }

    /**
     * @param defaultMemory    Memory per instance when a manifest asks for none.
     * @param maxMemory        Most memory per instance any component may get.
     * @param defaultTimeout   Call timeout when a manifest asks for none.
     * @param maxTimeout       Longest call timeout any component may get.
     * @param defaultInstances Instances per version when a manifest asks for none.
     * @param maxInstances     Most instances per version any component may get.
     * @param acquireTimeout   How long a call waits for a free instance.
     * @param defaultTableElements Elements each table of an instance may grow to when a manifest asks for
     *                         no limit.
     * @param maxTableElements Most table elements any component may get.
     * @param defaultFuel      Instructions one call may execute when a manifest asks for no fuel limit;
     *                         0 leaves such components unmetered (bounded by their timeout only).
     * @param maxFuel          Most fuel per call any component may get; 0 sets no ceiling. With a
     *                         ceiling every component is metered.
     * @param outputPerCall    Bytes of a component's standard output and error passed to the log per call;
     *                         the rest is dropped and counted.
     * @param outputPerInstance Bytes of standard output and error passed to the log over an instance's life.
     * @param maxFileSize      Largest file a component may write through WASI or airssys:filesystem.
     */
    public record Limits(
            @DefaultValue("16MB") DataSize defaultMemory,
            @DefaultValue("64MB") DataSize maxMemory,
            @DefaultValue("1s") Duration defaultTimeout,
            @DefaultValue("30s") Duration maxTimeout,
            @DefaultValue("4") int defaultInstances,
            @DefaultValue("64") int maxInstances,
            @DefaultValue("5s") Duration acquireTimeout,
            @DefaultValue("65536") long defaultTableElements,
            @DefaultValue("1000000") long maxTableElements,
            @DefaultValue("0") long defaultFuel,
            @DefaultValue("0") long maxFuel,
            @DefaultValue("64KB") DataSize outputPerCall,
            @DefaultValue("1MB") DataSize outputPerInstance,
            @DefaultValue("64MB") DataSize maxFileSize) {}

    /**
     * @param directory Directory whose *.wasm artifacts are deployed when dropped or replaced;
     *                  unset, nothing is watched.
     * @param interval  How often the directory is polled.
     */
    public record Watch(Path directory, @DefaultValue("2s") Duration interval) {}

    /**
     * @param type Where component data is kept.
     * @param path File of the persistent store; by default storage.mv.db in the registry directory.
     */
    public record Storage(@DefaultValue("persistent") StorageType type, Path path) {}

    /** Where component data is kept. */
    public enum StorageType {
        /** An H2 MVStore file that survives restarts. */
        PERSISTENT,
        /** Memory only: lost at shutdown. */
        MEMORY,
        /**
         * The application's DataSource (PostgreSQL), shared by its replicas: quotas hold across
         * them and writes to one key are linearizable. Needs flyway-core,
         * flyway-database-postgresql and the driver on the classpath.
         */
        JDBC
    }

    /**
     * @param mailboxCapacity    Messages a component's mailbox holds before senders are told it is full.
     * @param maxAttempts        Deliveries tried before a message goes to the dead letters.
     * @param deadLetterCapacity Dead letters kept for the actuator.
     * @param threads            Threads delivering messages.
     */
    public record Messaging(
            @DefaultValue("10000") int mailboxCapacity,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("1000") int deadLetterCapacity,
            @DefaultValue("4") int threads) {}

    /**
     * @param location  Resource of the artifact that seeds the component at its first start, e.g.
     *                  classpath:components/greeter.wasm; afterwards the registry's state wins.
     * @param smokeCall An export taking no arguments (e.g. acme:greet/greeter@1.0.0#ping) that a new
     *                  version must answer without failing before it takes traffic.
     * @param canaryAnalysis How a canary deployed with analysis advances on its own.
     * @param forceConfigured Whether to deploy the configured artifact at every start, even when the
     *                  registry holds state for the component (what the operator promoted, rolled
     *                  back or stopped at run time is then replaced).
     * @param manifest  Resource of a Component.toml, for a bare module without an embedded manifest.
     * @param instances Instances per version, overriding the manifest.
     * @param timeout   Call timeout, overriding the manifest.
     * @param memoryMax Memory per instance, overriding the manifest.
     * @param tableElementsMax Elements each table of an instance may grow to, overriding the manifest.
     * @param fuel      Instructions one call may execute, overriding the manifest.
     * @param grants    What the operator grants the component; it may request no more.
     * @param config    Key-values passed to the component's initialize.
     */
    public record Component(
            String location,
            String manifest,
            Integer instances,
            Duration timeout,
            DataSize memoryMax,
            Long tableElementsMax,
            Long fuel,
            @DefaultValue Grants grants,
            Map<String, String> config,
            String smokeCall,
            @DefaultValue CanaryAnalysis canaryAnalysis,
            @DefaultValue("false") boolean forceConfigured) {

        public Component {
            config = config == null ? Map.of() : Map.copyOf(config);
        }
    }

    /**
     * An automated canary analysis: the canary takes each share of {@code steps} for
     * {@code interval}, and is judged against the stable version after each: promoted after the
     * last step, rolled back at the first breach.
     *
     * @param steps           Shares the canary takes in turn, in percent, ascending.
     * @param interval        How long each step lasts before it is judged.
     * @param maxErrorRate    Highest share of failed calls (traps, timeouts, denials) tolerated, 0 to 1.
     * @param maxLatencyRatio Highest canary p99 latency tolerated, as a multiple of the stable version's.
     * @param minCalls        Calls the canary must serve in an interval for it to be judged.
     */
    public record CanaryAnalysis(
            @DefaultValue({"10", "25", "50", "100"}) List<Integer> steps,
            @DefaultValue("1m") Duration interval,
            @DefaultValue("0.05") double maxErrorRate,
            @DefaultValue("2.0") double maxLatencyRatio,
            @DefaultValue("20") long minCalls) {

        io.airssys.wasm.runtime.CanaryAnalysis toPolicy() {
            return new io.airssys.wasm.runtime.CanaryAnalysis(steps, interval, maxErrorRate, maxLatencyRatio, minCalls);
        }
    }

    /**
     * The same capabilities a manifest's [permissions] section requests.
     *
     * @param filesystemRead  Path patterns it may read ('*' one segment, '**' any depth).
     * @param filesystemWrite Path patterns it may create, write and remove.
     * @param networkOutbound Host patterns it may send HTTP requests to, e.g. https://*.example.com.
     * @param env             Environment variable names it may read ('*' wildcards).
     * @param storageQuota    Most data it may keep in its key-value store.
     * @param sendTo          Component ids it may send messages to ('*' wildcards).
     * @param hostInterfaces  The application's host interfaces it may import, e.g. acme:shop/catalog@1.0.0
     *                        ('*' wildcards).
     */
    public record Grants(
            @DefaultValue List<String> filesystemRead,
            @DefaultValue List<String> filesystemWrite,
            @DefaultValue List<String> networkOutbound,
            @DefaultValue List<String> env,
            DataSize storageQuota,
            @DefaultValue List<String> sendTo,
            @DefaultValue List<String> hostInterfaces) {}
}
