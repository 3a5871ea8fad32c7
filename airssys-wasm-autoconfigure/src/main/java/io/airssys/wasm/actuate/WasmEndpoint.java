package io.airssys.wasm.actuate;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.PoolStats;
import io.airssys.wasm.messaging.DeadLetter;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ComponentVersion;
import io.airssys.wasm.security.AuditEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.core.io.ResourceLoader;

/**
 * The {@code wasm} actuator endpoint. Read-only unless {@code management.endpoint.wasm.access}
 * is {@code unrestricted}; artifacts are read only from {@code airssys.wasm.actuator.allowed-locations}
 * or uploaded, up to {@code airssys.wasm.actuator.max-upload-size}.
 * <ul>
 * <li>{@code GET /actuator/wasm}: every component, its serving versions and stored versions; message bus
 * counters and dead letters</li>
 * <li>{@code GET /actuator/wasm/{id}}: versions, manifest, capabilities, exports, pool and call stats, history,
 * audit, dead letters</li>
 * <li>{@code POST /actuator/wasm} {@code {"location": "...", "strategy": "canary", "percent": 10}}: deploy the
 * artifact at a location the server can read, or {@code {"artifact": "<base64>", ...}}: deploy an upload</li>
 * <li>{@code POST /actuator/wasm/{id}/{action}}: {@code promote}, {@code rollback} (optionally to a
 * {@code version}), {@code stop}, {@code start} (optionally a {@code version}), {@code weight} ({@code percent})</li>
 * <li>{@code DELETE /actuator/wasm/{id}}: undeploy and forget the component</li>
 * </ul>
 */
@Endpoint(id = "wasm", defaultAccess = Access.READ_ONLY)
public class WasmEndpoint {

    private static final int AUDIT_ENTRIES = 50;

    private final ComponentRuntime runtime;
    private final ArtifactLocations locations;

    public WasmEndpoint(ComponentRuntime runtime, ResourceLoader resources, WasmActuatorProperties properties) {
        this.runtime = runtime;
        this.locations = new ArtifactLocations(resources, properties.allowedLocations(),
                properties.maxUploadSize().toBytes());
    }

    public record ComponentSummary(String id, Optional<String> active, List<String> stored,
                                   Optional<DeploymentStatus> routing) {
    }

    public record ComponentsReport(List<ComponentSummary> components, MessageBus.Stats messaging,
                                   List<DeadLetter> deadLetters) {
    }

    public record VersionDetails(String version, String sha256, String world, String description,
                                 List<String> requestedCapabilities, List<String> exports, PoolStats pool) {
    }

    public record ComponentDetails(String id, Optional<String> active, List<StoredVersion> stored,
                                   Optional<DeploymentStatus> routing, List<VersionDetails> serving,
                                   List<HistoryEntry> history, List<AuditEvent> audit, List<DeadLetter> deadLetters) {
    }

    public record OperationResult(String id, String action, Optional<DeploymentStatus> routing) {
    }

    @ReadOperation
    public ComponentsReport components() {
        TreeSet<String> ids = new TreeSet<>(runtime.registry().componentIds());
        ids.addAll(runtime.componentIds());
        return new ComponentsReport(ids.stream().map(id -> new ComponentSummary(id, active(id),
                runtime.registry().versions(id).stream().map(v -> v.version().toString()).toList(),
                runtime.status(id))).toList(), runtime.messageBus().stats(), runtime.messageBus().deadLetters());
    }

    @ReadOperation
    public @Nullable ComponentDetails component(@Selector String id) {
        if (runtime.registry().versions(id).isEmpty() && runtime.status(id).isEmpty()) {
            return null;
        }
        List<VersionDetails> serving = runtime.serving(id).stream().map(WasmEndpoint::details).toList();
        List<AuditEvent> audit = runtime.enforcer().audit().recent().stream()
                .filter(e -> e.component().startsWith(id + "@")).toList();
        return new ComponentDetails(id, active(id), runtime.registry().versions(id), runtime.status(id), serving,
                runtime.registry().history(id), audit.subList(Math.max(0, audit.size() - AUDIT_ENTRIES), audit.size()),
                runtime.messageBus().deadLetters().stream().filter(d -> d.to().equals(id)).toList());
    }

    /**
     * Deploys the artifact at {@code location} (an allowed {@code classpath:}, {@code file:} or
     * URL location), or the base64 {@code artifact} uploaded with the request, with
     * {@code strategy}: {@code immediate} (default), {@code blue-green}, {@code canary} or
     * {@code sticky-canary} (with {@code percent}, default 10), {@code rolling} (with {@code steps},
     * 1 to 100, default 4).
     */
    @WriteOperation
    public OperationResult deploy(@Nullable String location, @Nullable String artifact, @Nullable String strategy,
                                  @Nullable Integer percent, @Nullable Integer steps) {
        return asBadRequest(() -> doDeploy(location, artifact, strategy, percent, steps));
    }

    private OperationResult doDeploy(@Nullable String location, @Nullable String artifact, @Nullable String strategy,
                                     @Nullable Integer percent, @Nullable Integer steps) {
        if ((location == null) == (artifact == null)) {
            throw new IllegalArgumentException("give either location or artifact (base64), not both or neither");
        }
        byte[] bytes;
        if (artifact != null) {
            if ((long) artifact.length() / 4 * 3 > locations.maxBytes()) {
                throw new IllegalArgumentException("the uploaded artifact is larger than the upload limit of "
                        + locations.maxBytes() + " bytes (airssys.wasm.actuator.max-upload-size)");
            }
            try {
                bytes = java.util.Base64.getDecoder().decode(artifact);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("artifact is not valid base64", e);
            }
        } else {
            bytes = locations.read(location);
        }
        String id = runtime.deploy(bytes, strategy(strategy, percent, steps));
        return new OperationResult(id, "deploy", runtime.status(id));
    }

    @WriteOperation
    public OperationResult operate(@Selector String id, @Selector String action, @Nullable String version,
                                   @Nullable Integer percent) {
        return asBadRequest(() -> doOperate(id, action, version, percent));
    }

    private OperationResult doOperate(String id, String action, @Nullable String version, @Nullable Integer percent) {
        switch (action) {
            case "promote" -> runtime.promote(id);
            case "rollback" -> {
                if (version == null) {
                    runtime.rollback(id);
                } else {
                    runtime.rollbackTo(id, SemanticVersion.parse(version));
                }
            }
            case "stop" -> runtime.unload(id);
            case "start" -> runtime.start(id, Optional.ofNullable(version).map(SemanticVersion::parse));
            case "weight" -> runtime.setCanaryPercent(id, percent == null ? 0 : percent);
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "'; use promote, rollback, stop, start or weight");
        }
        return new OperationResult(id, action, runtime.status(id));
    }

    @DeleteOperation
    public OperationResult undeploy(@Selector String id) {
        return asBadRequest(() -> {
            runtime.remove(id);
            return new OperationResult(id, "undeploy", Optional.empty());
        });
    }

    /**
     * Runs an operation; a request that cannot be carried out (bad input, refused artifact,
     * nothing to promote) becomes a 400 with the reason instead of a 500.
     */
    private static OperationResult asBadRequest(java.util.function.Supplier<OperationResult> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException | io.airssys.wasm.WasmException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage(), e);
        }
    }

    static DeploymentStrategy strategy(@Nullable String name, @Nullable Integer percent, @Nullable Integer steps) {
        int share = percent == null ? 10 : percent;
        return switch (name == null ? "immediate" : name) {
            case "immediate" -> DeploymentStrategy.immediate();
            case "blue-green" -> DeploymentStrategy.blueGreen();
            case "canary" -> DeploymentStrategy.canary(share);
            case "sticky-canary" -> DeploymentStrategy.stickyCanary(share);
            case "rolling" -> new DeploymentStrategy.Rolling(steps == null ? 4 : steps, Duration.ZERO);
            default -> throw new IllegalArgumentException("unknown strategy '" + name
                    + "'; use immediate, blue-green, canary, sticky-canary or rolling");
        };
    }

    private Optional<String> active(String id) {
        return runtime.registry().active(id).map(v -> v.version().toString());
    }

    private static VersionDetails details(ComponentVersion version) {
        var manifest = version.manifest();
        return new VersionDetails(version.version().toString(), version.sha256(), manifest.world().orElse(null),
                manifest.description().orElse(null),
                manifest.requested().capabilities().stream().map(Object::toString).toList(),
                version.exports().stream().sorted().toList(), version.pool().stats());
    }

}
