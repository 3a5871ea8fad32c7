package io.airssys.wasm.actuate.console;

import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ComponentVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The operator's console, {@code GET /actuator/wasmconsole}: one self-contained page (HTML, CSS
 * and script from the jar, no internet access needed) that shows every component through the
 * {@code wasm} endpoint and acts through its write operations, so the same access rules and
 * audit apply. {@code GET /actuator/wasmconsole/{id}} adds what the {@code wasm} endpoint does
 * not have: each version's latency percentiles and health now.
 */
@WebEndpoint(id = "wasmconsole")
public class WasmConsoleEndpoint {

    private static final String RESOURCES = "/io/airssys/wasm/actuate/console/";

    private final ComponentRuntime runtime;
    private final @Nullable VersionLatencies latencies;
    private final @Nullable String operatorRole;
    private final long refreshMillis;
    private final String page;

    public WasmConsoleEndpoint(
            ComponentRuntime runtime,
            @Nullable VersionLatencies latencies,
            @Nullable String operatorRole,
            long refreshMillis) {
        this.runtime = runtime;
        this.latencies = latencies;
        this.operatorRole = operatorRole;
        this.refreshMillis = refreshMillis;
        this.page = read("console.html")
                .replace("/*{{css}}*/", read("console.css"))
                .replace("/*{{js}}*/", read("console.js"));
    }

    /**
     * The page. Its actions are offered to operators: everyone when no operator role is
     * configured (the {@code wasm} endpoint's own protection still decides), otherwise users in
     * that role; others get a read-only console.
     */
    @ReadOperation(produces = "text/html;charset=UTF-8")
    public String page(SecurityContext security) {
        boolean operator = operatorRole == null || operatorRole.isBlank() || security.isUserInRole(operatorRole);
        String user =
                security.getPrincipal() == null ? "" : security.getPrincipal().getName();
        return page.replace("{{operator}}", Boolean.toString(operator))
                .replace("{{user}}", escapeHtml(user))
                .replace("{{refresh}}", Long.toString(refreshMillis));
    }

    /** Each serving version's latency percentiles (from the call timers) and health now. */
    @ReadOperation
    public ConsoleStats component(@Selector String id) {
        Map<String, String> health = new LinkedHashMap<>();
        for (ComponentVersion version : runtime.serving(id)) {
            health.put(version.version().toString(), version.healthy() ? "UP" : "UNHEALTHY");
        }
        return new ConsoleStats(id, latencies == null ? List.of() : latencies.of(id), health);
    }

    /**
     * @param latencies each version's p50 and p99 over the timers' recent window; empty without metrics
     * @param health    each serving version's health check now
     */
    public record ConsoleStats(String id, List<VersionLatencies.Latency> latencies, Map<String, String> health)
            implements OperationResponseBody {}

    /** {@code text} safe inside HTML text and quoted attributes. */
    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String read(String name) {
        try (InputStream in = WasmConsoleEndpoint.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
