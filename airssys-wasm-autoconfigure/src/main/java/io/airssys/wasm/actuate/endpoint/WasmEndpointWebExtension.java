package io.airssys.wasm.actuate.endpoint;

import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.runtime.Operator;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * The {@code wasm} endpoint over HTTP: a request that cannot be carried out answers 400 with an
 * RFC 9457 problem detail whose {@code detail} is the reason, whatever
 * {@code server.error.include-message} says, since the reason is what the operator needs. An
 * unknown action or strategy is such a request too, so this extension reads them as text and
 * names the valid values.
 */
@EndpointWebExtension(endpoint = WasmEndpoint.class)
public class WasmEndpointWebExtension {

    static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");
    static final int STATUS_CONFLICT = 409;

    private final WasmEndpoint endpoint;

    public WasmEndpointWebExtension(WasmEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @WriteOperation
    public WebEndpointResponse<Object> deploy(
            @Nullable String location,
            @Nullable String artifact,
            @Nullable String strategy,
            @Nullable Integer percent,
            @Nullable Integer steps,
            @Nullable Boolean analysis,
            @Nullable String pause,
            @Nullable Long revision,
            SecurityContext securityContext) {
        return respond(
                securityContext,
                () -> endpoint.deploy(
                        location,
                        artifact,
                        strategy == null ? null : WasmEndpoint.parse(WasmEndpoint.Strategy.class, "strategy", strategy),
                        percent,
                        steps,
                        analysis,
                        pause,
                        revision));
    }

    @WriteOperation
    public WebEndpointResponse<Object> operate(
            @Selector String id,
            @Selector String action,
            @Nullable String version,
            @Nullable Integer percent,
            @Nullable Long revision,
            SecurityContext securityContext) {
        return respond(
                securityContext,
                () -> endpoint.operate(
                        id,
                        WasmEndpoint.parse(WasmEndpoint.Action.class, "action", action),
                        version,
                        percent,
                        revision));
    }

    @DeleteOperation
    public WebEndpointResponse<Object> undeploy(
            @Selector String id, @Nullable Long revision, SecurityContext securityContext) {
        return respond(securityContext, () -> endpoint.undeploy(id, revision));
    }

    /** Runs a write operation as the authenticated user, so the history says who made the change. */
    private static WebEndpointResponse<Object> respond(SecurityContext security, Supplier<Object> operation) {
        Principal principal = security == null ? null : security.getPrincipal();
        return principal == null ? respond(operation) : Operator.as(principal.getName(), () -> respond(operation));
    }

    private static WebEndpointResponse<Object> respond(Supplier<Object> operation) {
        try {
            return new WebEndpointResponse<>(operation.get());
        } catch (InvalidEndpointRequestException e) {
            return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", e.getReason(), Map.of());
        } catch (RegistryConflictException e) {
            // changed elsewhere meanwhile: the revision now, to look again and retry on
            return problem(STATUS_CONFLICT, "Conflict", e.getMessage(), Map.of("revision", e.revision()));
        }
    }

    private static WebEndpointResponse<Object> problem(
            int status, String title, String detail, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.putAll(extra);
        return new WebEndpointResponse<>(problem, status, PROBLEM_JSON);
    }
}
