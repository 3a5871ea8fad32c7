package io.airssys.wasm.actuate.endpoint;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.engine.PoolStats;
import io.airssys.wasm.messaging.DeadLetter;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.registry.ReplicaStatus;
import io.airssys.wasm.registry.RolloutState;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.runtime.CanaryAnalysis;
import io.airssys.wasm.runtime.CanaryAnalysisProgress;
import io.airssys.wasm.runtime.ComponentMetadata;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ComponentVersion;
import io.airssys.wasm.runtime.ExpectedRevision;
import io.airssys.wasm.runtime.HostInterfaceUse;
import io.airssys.wasm.security.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code wasm} actuator endpoint. Read-only unless {@code management.endpoint.wasm.access}
 * is {@code unrestricted}; artifacts are read only from the allowed locations or uploaded.
 * <ul>
 * <li>{@code GET /actuator/wasm}: every component, its serving and stored versions; message bus
 * counters and dead letters</li>
 * <li>{@code GET /actuator/wasm/{id}}: versions, manifest, capabilities, exports, pool and call
 * statistics, history, audit, dead letters</li>
 * <li>{@code POST /actuator/wasm} {@code {"location": "...", "strategy": "canary", "percent": 10}}:
 * deploy the artifact at an allowed location, or {@code {"artifact": "<base64>", ...}} an upload</li>
 * <li>{@code POST /actuator/wasm/{id}/{action}}: {@code promote}, {@code rollback} (optionally to a
 * {@code version}), {@code stop}, {@code start} (optionally a {@code version}), {@code weight}
 * ({@code percent})</li>
 * <li>{@code DELETE /actuator/wasm/{id}}: undeploy and forget the component</li>
 * </ul>
 */
@Endpoint(id = "wasm", defaultAccess = Access.READ_ONLY)
public class WasmEndpoint {

    private static final int AUDIT_ENTRIES = 50;

    private final ComponentRuntime runtime;
    /** The pause between rolling steps deployed through the endpoint without one. */
    static final Duration DEFAULT_ROLLING_PAUSE = Duration.ofSeconds(10);

    private final ArtifactLocations locations;
    private final Function<String, CanaryAnalysis> analyses;

    public WasmEndpoint(ComponentRuntime runtime, ArtifactLocations locations) {
        this(runtime, locations, id -> CanaryAnalysis.of(List.of(10, 25, 50, 100), java.time.Duration.ofMinutes(1)));
    }

    /** @param analyses the canary analysis each component's deployments with {@code analysis} get */
    public WasmEndpoint(
            ComponentRuntime runtime, ArtifactLocations locations, Function<String, CanaryAnalysis> analyses) {
        this.runtime = runtime;
        this.locations = locations;
        this.analyses = analyses;
    }

    /** What {@code POST /actuator/wasm/{id}/{action}} does. */
    public enum Action {
        PROMOTE,
        ROLLBACK,
        STOP,
        START,
        WEIGHT
    }

    /** How {@code POST /actuator/wasm} rolls a new version out. */
    public enum Strategy {
        IMMEDIATE,
        BLUE_GREEN,
        CANARY,
        STICKY_CANARY,
        ROLLING
    }

    @ReadOperation
    public ComponentsDescriptor components() {
        TreeSet<String> ids = new TreeSet<>(runtime.registry().componentIds());
        ids.addAll(runtime.componentIds());
        List<ComponentSummary> components = ids.stream()
                .map(id -> new ComponentSummary(
                        id,
                        active(id),
                        runtime.registry().versions(id).stream()
                                .map(v -> v.version().toString())
                                .toList(),
                        routing(id),
                        runtime.revision(id).isPresent() ? runtime.revision(id).getAsLong() : null))
                .toList();
        return new ComponentsDescriptor(
                components,
                runtime.hostInterfaces(),
                runtime.messageBus().stats(),
                runtime.messageBus().deadLetters());
    }

    @ReadOperation
    public @Nullable ComponentDescriptor component(@Selector String id) {
        if (runtime.registry().versions(id).isEmpty() && runtime.status(id).isEmpty()) {
            return null;
        }
        List<AuditEvent> audit = runtime.audit().recent().stream()
                .filter(e -> e.component().startsWith(id + "@"))
                .toList();
        return new ComponentDescriptor(
                id,
                active(id),
                runtime.registry().versions(id).stream()
                        .map(StoredVersionDescriptor::of)
                        .toList(),
                routing(id),
                runtime.registry().rollout(id).map(RolloutDescriptor::of).orElse(null),
                runtime.canaryAnalysis(id).map(AnalysisDescriptor::of).orElse(null),
                runtime.serving(id).stream().map(ServingVersionDescriptor::of).toList(),
                runtime.registry().grants(id).orElse(null),
                runtime.registry().history(id),
                audit.subList(Math.max(0, audit.size() - AUDIT_ENTRIES), audit.size()),
                runtime.messageBus().deadLetters().stream()
                        .filter(d -> d.to().equals(id))
                        .toList(),
                cluster(id));
    }

    private @Nullable ClusterDescriptor cluster(String id) {
        OptionalLong revision = runtime.revision(id);
        return revision.isEmpty()
                ? null
                : new ClusterDescriptor(revision.getAsLong(), runtime.replicaId(), runtime.replicas(id));
    }

    /**
     * Runs a change, conditional on the component's {@code revision} when one is given (a
     * shared registry then refuses it with a conflict if the component changed since).
     */
    private static OperationDescriptor atRevision(@Nullable Long revision, Supplier<OperationDescriptor> change) {
        return revision == null ? change.get() : ExpectedRevision.of(revision, change);
    }

    /**
     * Deploys the artifact at {@code location} (an allowed {@code classpath:}, {@code file:} or
     * URL location), or the base64 {@code artifact} uploaded with the request, with
     * {@code strategy}: {@code immediate} (default), {@code blue-green}, {@code canary} or
     * {@code sticky-canary} (with {@code percent}, default 10), {@code rolling} (with {@code steps},
     * 1 to 100, default 4, and {@code pause} between steps, e.g. {@code 30s}, default 10s, at most
     * 10 minutes; it returns at once and steps on in the background). A canary deployed with {@code analysis: true} advances on its own
     * through the component's configured canary analysis
     * ({@code airssys.wasm.components.<id>.canary-analysis.*}).
     */
    @WriteOperation
    public OperationDescriptor deploy(
            @Nullable String location,
            @Nullable String artifact,
            @Nullable Strategy strategy,
            @Nullable Integer percent,
            @Nullable Integer steps,
            @Nullable Boolean analysis,
            @Nullable String pause,
            @Nullable Long revision) {
        return asBadRequest(() -> atRevision(revision, () -> {
            byte[] bytes = artifactBytes(location, artifact);
            boolean analysed = Boolean.TRUE.equals(analysis);
            if (analysed && strategy != Strategy.CANARY && strategy != Strategy.STICKY_CANARY) {
                throw new IllegalArgumentException("analysis needs strategy canary or sticky-canary");
            }
            String id = runtime.deploy(bytes, strategy(strategy, analysed ? Integer.valueOf(1) : percent, steps, pause))
                    .id();
            if (analysed) {
                runtime.analyzeCanary(id, analyses.apply(id));
            }
            return new OperationDescriptor(id, analysed ? "deploy, analysing" : "deploy", routing(id));
        }));
    }

    private byte[] artifactBytes(@Nullable String location, @Nullable String artifact) {
        if ((location == null) == (artifact == null)) {
            throw new IllegalArgumentException("give either location or artifact (base64), not both or neither");
        }
        if (artifact == null) {
            return locations.read(location);
        }
        if ((long) artifact.length() / 4 * 3 > locations.maxBytes()) {
            throw new IllegalArgumentException("the uploaded artifact is larger than the upload limit of "
                    + locations.maxBytes() + " bytes (airssys.wasm.actuator.max-upload-size)");
        }
        try {
            return Base64.getDecoder().decode(artifact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("artifact is not valid base64", e);
        }
    }

    @WriteOperation
    public OperationDescriptor operate(
            @Selector String id,
            @Selector Action action,
            @Nullable String version,
            @Nullable Integer percent,
            @Nullable Long revision) {
        return asBadRequest(() -> atRevision(revision, () -> {
            switch (action) {
                case PROMOTE -> runtime.promote(id);
                case ROLLBACK -> {
                    if (version == null) {
                        runtime.rollback(id);
                    } else {
                        runtime.rollbackTo(id, SemanticVersion.parse(version));
                    }
                }
                case STOP -> runtime.stop(id);
                case START -> {
                    if (version == null) {
                        runtime.start(id);
                    } else {
                        runtime.start(id, SemanticVersion.parse(version));
                    }
                }
                case WEIGHT -> {
                    if (percent == null) {
                        throw new IllegalArgumentException("weight needs a percent, 0 to 100");
                    }
                    runtime.setCanaryPercent(id, percent);
                }
            }
            return new OperationDescriptor(id, tag(action), routing(id));
        }));
    }

    @DeleteOperation
    public OperationDescriptor undeploy(@Selector String id, @Nullable Long revision) {
        return asBadRequest(() -> atRevision(revision, () -> {
            runtime.remove(id);
            return new OperationDescriptor(id, "undeploy", null);
        }));
    }

    /**
     * Runs an operation; a request that cannot be carried out (bad input, refused artifact,
     * nothing to promote) becomes a 400 with the reason instead of a 500. A conflict with a
     * change made elsewhere stays a {@link RegistryConflictException} (409 over HTTP).
     */
    private static OperationDescriptor asBadRequest(Supplier<OperationDescriptor> operation) {
        try {
            return operation.get();
        } catch (RegistryConflictException e) {
            throw e;
        } catch (IllegalArgumentException | WasmException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage(), e);
        }
    }

    static DeploymentStrategy strategy(
            @Nullable Strategy strategy, @Nullable Integer percent, @Nullable Integer steps, @Nullable String pause) {
        int share = percent == null ? 10 : percent;
        return switch (strategy == null ? Strategy.IMMEDIATE : strategy) {
            case IMMEDIATE -> DeploymentStrategy.immediate();
            case BLUE_GREEN -> DeploymentStrategy.blueGreen();
            case CANARY -> DeploymentStrategy.canary(share);
            case STICKY_CANARY -> DeploymentStrategy.stickyCanary(share);
            case ROLLING ->
                new DeploymentStrategy.Rolling(
                        steps == null ? 4 : steps,
                        pause == null ? DEFAULT_ROLLING_PAUSE : DurationStyle.detectAndParse(pause));
        };
    }

    private @Nullable String active(String id) {
        return runtime.registry().active(id).map(v -> v.version().toString()).orElse(null);
    }

    private @Nullable RoutingDescriptor routing(String id) {
        return runtime.status(id).map(RoutingDescriptor::of).orElse(null);
    }

    /**
     * Reads an action or strategy as written over HTTP ({@code blue-green}, {@code PROMOTE}).
     *
     * @throws InvalidEndpointRequestException naming the valid values
     */
    static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        for (E value : type.getEnumConstants()) {
            if (tag(value).equalsIgnoreCase(text.replace('_', '-'))) {
                return value;
            }
        }
        String valid =
                Arrays.stream(type.getEnumConstants()).map(WasmEndpoint::tag).collect(Collectors.joining(", "));
        String reason = "unknown " + what + " '" + text + "'; use " + valid;
        throw new InvalidEndpointRequestException(reason, reason);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every component the registry holds or the runtime serves. */
    /**
     * @param hostInterfaces the interfaces the application offers, and the components importing each
     */
    public record ComponentsDescriptor(
            List<ComponentSummary> components,
            List<HostInterfaceUse> hostInterfaces,
            MessageBus.Stats messaging,
            List<DeadLetter> deadLetters)
            implements OperationResponseBody {}

    /**
     * @param active   the version restored at the next start
     * @param stored   every stored version, oldest first
     * @param routing  what serves it now on this replica; absent when it is stopped
     * @param revision with a shared registry, the component's revision (changes may be made
     *                 conditional on it); absent with a file registry
     */
    public record ComponentSummary(
            String id,
            @Nullable String active,
            List<String> stored,
            @Nullable RoutingDescriptor routing,
            @Nullable Long revision) {}

    /**
     * The component across the replicas sharing the registry.
     *
     * @param revision the desired state's revision, which every change increments
     * @param replica  the replica answering
     * @param replicas what each replica last reported serving, the revision it applied, and when it was last seen
     */
    public record ClusterDescriptor(long revision, String replica, List<ReplicaStatus> replicas) {}

    /**
     * Everything known about one component.
     *
     * @param grants the operator's grants it was last deployed with ({@code [permissions.*]} TOML);
     *               each serving version's {@code requestedCapabilities} are what it was admitted with
     */
    public record ComponentDescriptor(
            String id,
            @Nullable String active,
            List<StoredVersionDescriptor> stored,
            @Nullable RoutingDescriptor routing,
            @Nullable RolloutDescriptor rollout,
            @Nullable AnalysisDescriptor analysis,
            List<ServingVersionDescriptor> serving,
            @Nullable String grants,
            List<HistoryEntry> history,
            List<AuditEvent> audit,
            List<DeadLetter> deadLetters,
            @Nullable ClusterDescriptor cluster)
            implements OperationResponseBody {}

    /**
     * The roll-out in progress as the registry keeps it, which a restart resumes.
     *
     * @param strategy  {@code canary}, {@code rolling} or {@code blue-green}
     * @param candidate the version taking {@code percent} of the calls (canary, rolling)
     * @param standby   the version a blue-green switch keeps to switch back to
     */
    public record RolloutDescriptor(
            String strategy,
            @Nullable String candidate,
            int percent,
            boolean sticky,
            @Nullable String standby) {

        static RolloutDescriptor of(RolloutState rollout) {
            return new RolloutDescriptor(
                    rollout.strategy(),
                    rollout.candidate().map(Object::toString).orElse(null),
                    rollout.percent(),
                    rollout.sticky(),
                    rollout.standby().map(Object::toString).orElse(null));
        }
    }

    /**
     * A canary analysis in progress: the candidate takes {@code percent} (step {@code step} of
     * {@code steps}), judged every {@code intervalMillis} against {@code stable}.
     */
    public record AnalysisDescriptor(
            String stable,
            String candidate,
            List<Integer> steps,
            int step,
            int percent,
            long intervalMillis,
            double maxErrorRate,
            double maxLatencyRatio,
            long minCalls) {

        static AnalysisDescriptor of(CanaryAnalysisProgress progress) {
            CanaryAnalysis policy = progress.analysis();
            return new AnalysisDescriptor(
                    progress.stable().toString(),
                    progress.candidate().toString(),
                    policy.steps(),
                    progress.step(),
                    policy.steps().get(progress.step()),
                    policy.interval().toMillis(),
                    policy.maxErrorRate(),
                    policy.maxLatencyRatio(),
                    policy.minCalls());
        }
    }

    /** What an operation did, and the routing it left. */
    public record OperationDescriptor(
            String id, String action, @Nullable RoutingDescriptor routing) implements OperationResponseBody {}

    /**
     * @param strategy {@code immediate}, {@code blue-green}, {@code canary} or {@code rolling}
     * @param sticky   whether a canary split routes by the caller's key
     */
    public record RoutingDescriptor(String strategy, boolean sticky, List<RoutedVersionDescriptor> versions) {

        static RoutingDescriptor of(DeploymentStatus status) {
            return new RoutingDescriptor(
                    status.strategy().tag(),
                    status.sticky(),
                    status.versions().stream().map(RoutedVersionDescriptor::of).toList());
        }
    }

    /**
     * @param role    {@code active}, {@code canary} or {@code standby}
     * @param percent share of calls routed to it
     */
    public record RoutedVersionDescriptor(
            String version, String role, int percent, long calls, long failures, int inFlight) {

        static RoutedVersionDescriptor of(VersionStats stats) {
            return new RoutedVersionDescriptor(
                    stats.version().toString(),
                    stats.role().tag(),
                    stats.percent(),
                    stats.calls(),
                    stats.failures(),
                    stats.inFlight());
        }
    }

    /** A version in the registry. */
    public record StoredVersionDescriptor(String version, String sha256, long size, Instant storedAt) {

        static StoredVersionDescriptor of(StoredVersion stored) {
            return new StoredVersionDescriptor(
                    stored.version().toString(), stored.sha256(), stored.size(), stored.storedAt());
        }
    }

    /** A version serving now: what its manifest says, what it exports, its instances. */
    public record ServingVersionDescriptor(
            String version,
            String sha256,
            String engine,
            @Nullable String world,
            @Nullable String description,
            List<String> requestedCapabilities,
            List<String> exports,
            PoolStats pool,
            @Nullable ComponentMetadata metadata) {

        static ServingVersionDescriptor of(ComponentVersion version) {
            var manifest = version.manifest();
            return new ServingVersionDescriptor(
                    version.version().toString(),
                    version.sha256(),
                    version.engine(),
                    manifest.world().orElse(null),
                    manifest.description().orElse(null),
                    manifest.requested().capabilities().stream()
                            .map(Object::toString)
                            .toList(),
                    version.exports().stream().sorted().toList(),
                    version.poolStats(),
                    version.metadata().orElse(null));
        }
    }
}
