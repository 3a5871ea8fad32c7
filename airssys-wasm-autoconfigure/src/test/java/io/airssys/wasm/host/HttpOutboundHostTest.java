package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.EnumValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.HostPattern;
import io.airssys.wasm.wit.WitPrimitive;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpOutboundHostTest {

    private HttpServer server;
    private int port;
    private Map<String, WitHostFunctions.Implementation> http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> reply(exchange, 200, "hi " + exchange.getRequestMethod()));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://example.org/");
            reply(exchange, 302, "");
        });
        server.createContext("/big", exchange -> reply(exchange, 200, "x".repeat(5000)));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "late");
        });
        server.start();
        port = server.getAddress().getPort();
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10));
        CapabilitySet caps = CapabilitySet.of(new Capability.NetworkOutbound(HostPattern.parse("http://127.0.0.1:" + port)));
        enforcer.admit("client", caps, caps);
        http = new HttpOutboundHost(enforcer, Duration.ofSeconds(5), 1024).implementations("client");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private WitValue send(String method, String url, Optional<Long> timeoutMillis) throws Exception {
        Map<String, WitValue> request = new LinkedHashMap<>();
        request.put("method", new EnumValue(method));
        request.put("url", new StringValue(url));
        request.put("headers", new ListValue(List.of()));
        request.put("body", new OptionValue(Optional.empty()));
        request.put("timeout-millis", new OptionValue(timeoutMillis.map(t -> new WitValue.IntValue(WitPrimitive.U32, t))));
        return http.get("send").call(List.of(new RecordValue(request)));
    }

    private static String errorCase(WitValue result) {
        return ((WitValue.VariantValue) ((ResultValue) result).value().orElseThrow()).caseName();
    }

    @Test
    void sendsToAGrantedHost() throws Exception {
        RecordValue response = (RecordValue) ((ResultValue) send("get", "http://127.0.0.1:" + port + "/hello",
                Optional.empty())).value().orElseThrow();

        assertThat(response.field("status")).isEqualTo(new WitValue.IntValue(WitPrimitive.U16, 200));
        assertThat(response.field("body")).isEqualTo(new BytesValue("hi GET".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesHostsThatAreNotGranted() throws Exception {
        assertThat(errorCase(send("get", "http://localhost:" + port + "/hello", Optional.empty())))
                .isEqualTo("permission-denied");
        assertThat(errorCase(send("get", "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/", Optional.empty())))
                .isEqualTo("permission-denied");
    }

    @Test
    void doesNotFollowRedirects() throws Exception {
        RecordValue response = (RecordValue) ((ResultValue) send("get", "http://127.0.0.1:" + port + "/redirect",
                Optional.empty())).value().orElseThrow();

        assertThat(response.field("status")).isEqualTo(new WitValue.IntValue(WitPrimitive.U16, 302));
    }

    @Test
    void capsTheResponseBodyAndTimesOut() throws Exception {
        assertThat(errorCase(send("get", "http://127.0.0.1:" + port + "/big", Optional.empty())))
                .isEqualTo("body-too-large");
        assertThat(errorCase(send("get", "http://127.0.0.1:" + port + "/slow", Optional.of(200L))))
                .isEqualTo("timed-out");
    }
}
