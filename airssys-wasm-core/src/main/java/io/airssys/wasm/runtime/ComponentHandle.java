package io.airssys.wasm.runtime;

import io.airssys.wasm.abi.GuestResource;
import io.airssys.wasm.abi.JavaTypeCheck;
import io.airssys.wasm.abi.ResourceArguments;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.deployment.DeploymentException;
import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.RoutingKey;
import io.airssys.wasm.engine.MissingExportException;
import io.airssys.wasm.runtime.ExportNames.Resolved;
import io.airssys.wasm.wit.WitFunction;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployed component, from {@link ComponentRuntime#component(String)}: calls through it are
 * routed like every call (to the active version, or a canary's share to the candidate), so a
 * handle stays valid across new versions, and fails with a
 * {@link io.airssys.wasm.deployment.DeploymentException} once the component stops serving.
 * Cheap to make, immutable and thread-safe.
 *
 * <pre>{@code
 * ComponentFunction<Long> add = runtime.component("calculator").function("add", Long.class);
 * long sum = add.call(2L, 40L);
 * }</pre>
 */
public final class ComponentHandle {

    private static final String HANDLE_MESSAGE = ComponentVersion.LIFECYCLE + "handle-message";
    private static final String HEALTH = ComponentVersion.LIFECYCLE + "health";

    private final String id;
    private final RoutingKey routingKey;
    private final DeploymentManager<ComponentVersion> deployments;
    private final CallRouter calls;

    ComponentHandle(
            String id, RoutingKey routingKey, DeploymentManager<ComponentVersion> deployments, CallRouter calls) {
        this.id = id;
        this.routingKey = routingKey;
        this.deployments = deployments;
        this.calls = calls;
    }

    public String id() {
        return id;
    }

    /**
     * This component, with calls routed by {@code key} during a sticky canary: the same key always
     * reaches the same version.
     */
    public ComponentHandle routedBy(String key) {
        return new ComponentHandle(id, RoutingKey.of(key), deployments, calls);
    }

    /** The versions serving the component now and how calls are split between them. */
    public Optional<DeploymentStatus> status() {
        return deployments.status(id);
    }

    /**
     * Runs the active version's health check; a component without one is healthy once it runs.
     * A probe, not a call: it is not counted in the version's calls or failures.
     */
    public boolean healthy() {
        return deployments.probe(id, ComponentVersion::healthy);
    }

    /**
     * Sends bytes to the component's {@code handle-message} and returns its reply.
     *
     * @throws ComponentErrorException if the component answers with an error
     */
    public byte[] execute(byte[] input) {
        Objects.requireNonNull(input, "input");
        return calls.call(id, routingKey, HANDLE_MESSAGE, version -> version.execute(input));
    }

    /**
     * Calls an export by name, with arguments converted from Java by the component's WIT, and
     * returns the result as a {@link WitValue} (null for none). For calls whose types are known
     * in advance, {@link #function(String, Class)} checks them once instead of at every call.
     *
     * @param exportName a canonical export name ({@code ns:pkg/iface@v#f}), a world-level function
     *                   name, or a function name that only one exported interface defines
     */
    public WitValue invoke(String exportName, Object... args) {
        Optional<GuestResource> resource = ResourceArguments.find(args);
        if (resource.isPresent()) {
            return calls.callOn(id, version -> version.made(resource.get()), exportName, version -> {
                String export = resolve(version, exportName).exportName();
                return version.invoke(export, args);
            });
        }
        String export = resolve(exportName).exportName();
        return calls.call(id, routingKey, export, version -> version.invoke(export, args));
    }

    /**
     * Calls an export and converts its result to {@code resultType}, generics included (e.g.
     * {@code List<Point>}); what typed proxies use.
     */
    public Object invoke(String exportName, Type resultType, Object... args) {
        Optional<GuestResource> resource = ResourceArguments.find(args);
        if (resource.isPresent()) {
            return calls.callOn(id, version -> version.made(resource.get()), exportName, version -> {
                String export = resolve(version, exportName).exportName();
                return version.invoke(export, resultType, args);
            });
        }
        String export = resolve(exportName).exportName();
        return calls.call(id, routingKey, export, version -> version.invoke(export, resultType, args));
    }

    /**
     * Looks up a function and checks, against the active version's WIT, that its result fits
     * {@code resultType} ({@code Void.class} for a function returning nothing).
     *
     * @param name a canonical export name, a world-level function name, or a function name that
     *             only one exported interface defines
     * @throws MissingExportException if the component exports no such function
     * @throws IllegalArgumentException if the name is ambiguous or the result does not fit
     */
    public <R> ComponentFunction<R> function(String name, Class<R> resultType) {
        return new ComponentFunction<>(this, checked(name, resultType), resultType);
    }

    /** {@link #function(String, Class)} for a generic result type, e.g. {@code List<Point>}. */
    public ComponentFunction<Object> function(String name, Type resultType) {
        return new ComponentFunction<>(this, checked(name, resultType), resultType);
    }

    /**
     * The canonical export name {@code name} means in the active version, resolved as
     * {@link #invoke(String, Object...)} resolves it.
     *
     * @throws MissingExportException if the component exports no such function
     * @throws IllegalArgumentException if the name is ambiguous
     */
    public String exportName(String name) {
        return resolve(name).exportName();
    }

    /** A call of a function already resolved to its canonical name (what {@link ComponentFunction} holds). */
    <R> R call(String exportName, Type resultType, Object[] args) {
        if (ResourceArguments.find(args).isPresent()) {
            @SuppressWarnings("unchecked")
            R pinned = (R) invoke(exportName, resultType, args);
            return pinned;
        }
        return calls.call(id, routingKey, exportName, version -> {
            @SuppressWarnings("unchecked")
            R result = (R) version.invoke(exportName, resultType, args);
            return result;
        });
    }

    private String checked(String name, Type resultType) {
        Resolved resolved = resolve(name);
        String label = resolved.version().label();
        WitFunction function = resolved.function();
        boolean returnsNothing = resultType == void.class || resultType == Void.class;
        if (function.result().isEmpty()) {
            if (!returnsNothing) {
                throw new IllegalArgumentException(
                        label + ": " + resolved.exportName() + " returns nothing; ask for Void.class");
            }
        } else if (!returnsNothing) {
            JavaTypeCheck.mismatch(resultType, function.result().get()).ifPresent(reason -> {
                throw new IllegalArgumentException(label + ": the result of " + resolved.exportName() + " does not fit "
                        + resultType.getTypeName() + ": " + reason);
            });
        }
        return resolved.exportName();
    }

    /** Finds the export a name means in the active version, with its WIT function. */
    private Resolved resolve(String name) {
        Objects.requireNonNull(name, "function name");
        return resolve(
                deployments
                        .active(id)
                        .orElseThrow(() -> new DeploymentException("component '" + id + "' is not deployed")),
                name);
    }

    /** Finds the export a name means in {@code version}, as {@link ExportNames} explains. */
    private static Resolved resolve(ComponentVersion version, String name) {
        return version.exportNames().resolve(name);
    }

    @Override
    public String toString() {
        return "ComponentHandle[" + id + (routingKey.value().isPresent() ? ", " + routingKey : "") + "]";
    }
}
