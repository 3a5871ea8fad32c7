package io.airssys.wasm.host;

import io.airssys.wasm.LogText;
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
import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.security.CapabilityDeniedException;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.wit.WitPrimitive;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        return Map.of("send", (WitHostFunctions.CallAwareImplementation)
                (args, call) -> send(component, (RecordValue) args.get(0), call));
    }

    private WitValue send(String component, RecordValue request, HostCall call) throws InterruptedException {
        String url = WitValues.string(request.field("url"));
        URI uri;
        try {
            uri = enforcer.checkOutbound(component, url);
        } catch (CapabilityDeniedException e) {
            return WitValues.err("permission-denied", e.getMessage());
        }
        Duration requested = ((OptionValue) request.field("timeout-millis"))
                .value()
                .map(v -> Duration.ofMillis(Math.max(1, WitValues.integer(v))))
                .orElse(defaultTimeout);
        Duration remaining = call == null ? requested : call.remaining();
        boolean deadlineFirst = remaining.compareTo(requested) < 0;
        Duration timeout = deadlineFirst ? remaining : requested;
        if (timeout.isZero()) {
            throw call.timeout();
        }
        HttpRequest httpRequest;
        try {
            httpRequest = build(uri, request, timeout);
        } catch (IllegalArgumentException e) {
            return WitValues.err("invalid-url", e.getMessage());
        }
        // the whole exchange, body included, ends by the timeout; the body is gathered without
        // blocking and never beyond one byte past the cap; a late exchange is cancelled
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(httpRequest, info -> new CappedBody(maxBodyBytes));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            byte[] body = response.body();
            if (body.length > maxBodyBytes) {
                return WitValues.err("body-too-large", maxBodyBytes);
            }
            return WitValues.ok(response(response, body));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            if (deadlineFirst) {
                throw call.timeout();
            }
            return WitValues.err("timed-out");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                if (deadlineFirst) {
                    throw call.timeout();
                }
                return WitValues.err("timed-out");
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return WitValues.err("connection-failed", LogText.escape(String.valueOf(cause.getMessage())));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    /** Gathers a response body up to one byte past the cap, then cancels the rest of it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = (int) Math.min(buffer.remaining(), cap + 1 - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            if (bytes.size() > cap) {
                subscription.cancel();
                body.complete(bytes.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    private HttpRequest build(URI uri, RecordValue request, Duration timeout) {
        String method = ((EnumValue) request.field("method")).caseName().toUpperCase(Locale.ROOT);
        Optional<WitValue> body = ((OptionValue) request.field("body")).value();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        body.map(b -> HttpRequest.BodyPublishers.ofByteArray(((BytesValue) b).value()))
                                .orElse(HttpRequest.BodyPublishers.noBody()));
        for (WitValue header : ((ListValue) request.field("headers")).elements()) {
            List<WitValue> pair = ((TupleValue) header).elements();
            builder.header(WitValues.string(pair.get(0)), WitValues.string(pair.get(1)));
        }
        return builder.build();
    }

    private static WitValue response(HttpResponse<?> response, byte[] body) {
        List<WitValue> headers = new ArrayList<>();
        response.headers()
                .map()
                .forEach((name, values) -> values.forEach(
                        value -> headers.add(new TupleValue(List.of(new StringValue(name), new StringValue(value))))));
        Map<String, WitValue> fields = new LinkedHashMap<>();
        fields.put("status", new IntValue(WitPrimitive.U16, response.statusCode()));
        fields.put("headers", new ListValue(headers));
        fields.put("body", new BytesValue(body));
        return new RecordValue(fields);
    }
}
