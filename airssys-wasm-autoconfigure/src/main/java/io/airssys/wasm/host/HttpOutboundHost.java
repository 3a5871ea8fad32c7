package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.EnumValue;
import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.abi.WitValue.TupleValue;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.security.CapabilityDeniedException;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.wit.WitPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code airssys:http/outbound}: HTTP requests from components, each destination checked
 * against the component's host patterns. Redirects are not followed (a redirect could lead to
 * a host that is not granted; the guest sees the 3xx and may request the new location, which
 * is checked in turn). Response bodies are capped.
 */
public final class HttpOutboundHost {

    private final CapabilityEnforcer enforcer;
    private final HttpClient client;
    private final Duration defaultTimeout;
    private final long maxBodyBytes;

    public HttpOutboundHost(CapabilityEnforcer enforcer, Duration defaultTimeout, long maxBodyBytes) {
        this.enforcer = enforcer;
        this.defaultTimeout = defaultTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(defaultTimeout)
                .build();
    }

    public List<HostFunction> functions(String componentId) {
        return WitHostFunctions.forInterface(BundledWit.interfaceOf("http", "outbound"), implementations(componentId));
    }

    Map<String, WitHostFunctions.Implementation> implementations(String component) {
        return Map.of("send", args -> send(component, (RecordValue) args.get(0)));
    }

    private WitValue send(String component, RecordValue request) throws InterruptedException {
        String url = WitValues.string(request.field("url"));
        URI uri;
        try {
            uri = enforcer.checkOutbound(component, url);
        } catch (CapabilityDeniedException e) {
            return WitValues.err("permission-denied", e.getMessage());
        }
        HttpRequest httpRequest;
        try {
            httpRequest = build(uri, request);
        } catch (IllegalArgumentException e) {
            return WitValues.err("invalid-url", e.getMessage());
        }
        try {
            HttpResponse<InputStream> response = client.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
            }
            if (body.length > maxBodyBytes) {
                return WitValues.err("body-too-large", maxBodyBytes);
            }
            return WitValues.ok(response(response, body));
        } catch (HttpTimeoutException e) {
            return WitValues.err("timed-out");
        } catch (IOException e) {
            return WitValues.err("connection-failed", String.valueOf(e.getMessage()));
        }
    }

    private HttpRequest build(URI uri, RecordValue request) {
        String method = ((EnumValue) request.field("method")).caseName().toUpperCase(Locale.ROOT);
        Optional<WitValue> body = ((OptionValue) request.field("body")).value();
        Duration timeout = ((OptionValue) request.field("timeout-millis")).value()
                .map(v -> Duration.ofMillis(WitValues.integer(v))).orElse(defaultTimeout);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body
                .map(b -> HttpRequest.BodyPublishers.ofByteArray(((BytesValue) b).value()))
                .orElse(HttpRequest.BodyPublishers.noBody()));
        for (WitValue header : ((ListValue) request.field("headers")).elements()) {
            List<WitValue> pair = ((TupleValue) header).elements();
            builder.header(WitValues.string(pair.get(0)), WitValues.string(pair.get(1)));
        }
        return builder.build();
    }

    private static WitValue response(HttpResponse<?> response, byte[] body) {
        List<WitValue> headers = new ArrayList<>();
        response.headers().map().forEach((name, values) -> values.forEach(value ->
                headers.add(new TupleValue(List.of(new StringValue(name), new StringValue(value))))));
        Map<String, WitValue> fields = new LinkedHashMap<>();
        fields.put("status", new IntValue(WitPrimitive.U16, response.statusCode()));
        fields.put("headers", new ListValue(headers));
        fields.put("body", new BytesValue(body));
        return new RecordValue(fields);
    }
}
