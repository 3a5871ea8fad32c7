package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.engine.WasmTimeoutException;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.HostPattern;
import io.airssys.wasm.testing.Wat;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpOutboundHostTest {

    private HttpServer server;
    private int port;
    private HttpOutboundHost host;
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
        server.createContext("/very-slow", exchange -> {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "far too late");
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "late");
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10));
        CapabilitySet caps =
                CapabilitySet.of(new Capability.NetworkOutbound(HostPattern.parse("http://127.0.0.1:" + port)));
        enforcer.admit("client", caps, caps);
        host = new HttpOutboundHost(enforcer, Duration.ofSeconds(5), 1024);
        http = host.implementations("client");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
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
        request.put(
                "timeout-millis", new OptionValue(timeoutMillis.map(t -> new WitValue.IntValue(WitPrimitive.U32, t))));
        return http.get("send").call(List.of(new RecordValue(request)));
    }

    private static String errorCase(WitValue result) {
        return ((WitValue.VariantValue) ((ResultValue) result).value().orElseThrow()).caseName();
    }

    @Test
    void sendsToAGrantedHost() throws Exception {
        RecordValue response =
                (RecordValue) ((ResultValue) send("get", "http://127.0.0.1:" + port + "/hello", Optional.empty()))
                        .value()
                        .orElseThrow();

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
        RecordValue response =
                (RecordValue) ((ResultValue) send("get", "http://127.0.0.1:" + port + "/redirect", Optional.empty()))
                        .value()
                        .orElseThrow();

        assertThat(response.field("status")).isEqualTo(new WitValue.IntValue(WitPrimitive.U16, 302));
    }

    @Test
    void capsTheResponseBodyAndTimesOut() throws Exception {
        assertThat(errorCase(send("get", "http://127.0.0.1:" + port + "/big", Optional.empty())))
                .isEqualTo("body-too-large");
        assertThat(errorCase(send("get", "http://127.0.0.1:" + port + "/slow", Optional.of(200L))))
                .isEqualTo("timed-out");
    }

    @Test
    void aRequestEndsWithTheGuestsCallDeadlineNotTheGuestsOwnTimeout() {
        String url = "http://127.0.0.1:" + port + "/very-slow";
        // send(request) flattened: method, url ptr/len, headers ptr/len, body option (3), timeout option (2), return
        // area
        String wat = """
                (module
                  (import "airssys:http/outbound@1.0.0" "send"
                    (func $send (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
                  (memory (export "memory") 1)
                  (global $heap (mut i32) (i32.const 4096))
                  (data (i32.const 100) "%s")
                  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                    (global.set $heap (i32.add (global.get $heap) (local.get 3)))
                    (i32.sub (global.get $heap) (local.get 3)))
                  (func (export "fetch")
                    (call $send (i32.const 0) (i32.const 100) (i32.const %d) (i32.const 0) (i32.const 0)
                      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 15000) (i32.const 1024))))
                """.formatted(url, url.length());
        try (WasmEngine engine = WasmEngine.create();
                CompiledModule module = engine.compile("client@1.0.0", Wat.compile(wat), ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(
                        module,
                        host.functions("client"),
                        PoolSettings.defaults().withCallTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> pool.call("fetch")).isInstanceOf(WasmTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800));
        }
    }
}
