package io.airssys.wasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operations commands against an HTTP server answering as the {@code wasm} actuator endpoint
 * does (the endpoint itself is tested in the autoconfigure module and the sample).
 */
class OpsCommandsTest {

    private static final String OPS =
            "Basic " + Base64.getEncoder().encodeToString("ops:secret".getBytes(StandardCharsets.UTF_8));
    private static final String CANARY_ROUTING = """
            {"id":"greeter","action":"deploy","routing":{"strategy":"canary","sticky":false,"versions":[
            {"version":"1.0.0","role":"active","percent":90},{"version":"2.0.0","role":"canary","percent":10}]}}""";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/wasm", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String request =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        requests.add(request + (query == null ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body));
        if (!exchange.getRequestMethod().equals("GET")
                && !OPS.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "");
            return;
        }
        switch (request) {
            case "POST /actuator/wasm" -> respond(exchange, 200, CANARY_ROUTING);
            case "POST /actuator/wasm/greeter/promote" -> respond(exchange, 200, """
                    {"id":"greeter","action":"promote","routing":{"strategy":"canary","sticky":false,"versions":[
                    {"version":"2.0.0","role":"active","percent":100}]}}""");
            case "POST /actuator/wasm/greeter/weight" -> respond(exchange, 400, """
                    {"status":400,"detail":"canary percent must be 0 to 100, was 150"}""");
            case "DELETE /actuator/wasm/greeter" -> respond(exchange, 200, "{}");
            case "GET /actuator/wasm" -> respond(exchange, 200, "{\"components\":[" + CANARY_ROUTING + "]}");
            case "GET /actuator/wasm/greeter" -> respond(exchange, 200, """
                    {"id":"greeter","history":[
                    {"at":"2026-11-26T02:00:00Z","action":"activate","version":"1.0.0","detail":"deployed"},
                    {"at":"2026-11-26T02:05:00Z","action":"analysis","version":"2.0.0","detail":"rolled back automatically: error rate 40.0%"}]}""");
            default -> respond(exchange, 404, "");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/wasm";
    }

    private int run(String... args) {
        CommandLine cli = AirssysWasmCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void deploysAnUploadedArtifactAsAnAnalysedCanary() throws IOException {
        Path artifact = Files.write(dir.resolve("greeter.wasm"), new byte[] {0, 'a', 's', 'm'});

        int exit = run(
                "deploy",
                artifact.toString(),
                "--strategy",
                "canary",
                "--analysis",
                "--url",
                url(),
                "--user",
                "ops",
                "--password",
                "secret");

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).isEqualTo("deployed greeter: 1.0.0 active 90%, 2.0.0 canary 10% (canary)");
        JSONObject sent = new JSONObject(requests.get(0).substring("POST /actuator/wasm ".length()));
        assertThat(sent.getString("strategy")).isEqualTo("canary");
        assertThat(sent.getBoolean("analysis")).isTrue();
        assertThat(Base64.getDecoder().decode(sent.getString("artifact"))).containsExactly(0, 'a', 's', 'm');
    }

    @Test
    void promotesAndRemoves() {
        assertThat(run("promote", "greeter", "--url", url(), "--user", "ops", "--password", "secret"))
                .isZero();
        assertThat(run("remove", "greeter", "--url", url(), "--user", "ops", "--password", "secret"))
                .isZero();

        assertThat(out.toString()).contains("promote greeter: 2.0.0 active 100% (canary)", "removed greeter");
        assertThat(requests).containsExactly("POST /actuator/wasm/greeter/promote {}", "DELETE /actuator/wasm/greeter");
    }

    @Test
    void sendsTheRevisionAChangeIsBasedOn() {
        assertThat(run(
                        "promote",
                        "greeter",
                        "--revision",
                        "6",
                        "--url",
                        url(),
                        "--user",
                        "ops",
                        "--password",
                        "secret"))
                .isZero();
        assertThat(run("remove", "greeter", "--revision", "7", "--url", url(), "--user", "ops", "--password", "secret"))
                .isZero();

        assertThat(requests)
                .containsExactly(
                        "POST /actuator/wasm/greeter/promote {\"revision\":6}",
                        "DELETE /actuator/wasm/greeter?revision=7");
    }

    @Test
    void printsTheApplicationsReasonAndExitsOneWhenItRefuses() {
        int exit = run("weight", "greeter", "150", "--url", url(), "--user", "ops", "--password", "secret");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("error: refused (400): canary percent must be 0 to 100, was 150");
    }

    @Test
    void exitsThreeWhenNotAllowedOrNotReachable() {
        assertThat(run("promote", "greeter", "--url", url())).isEqualTo(3);
        assertThat(err.toString()).contains("was not allowed (401): give an operator's --user and --password");

        server.stop(0);
        assertThat(run("list", "--url", url())).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach http://127.0.0.1:");
    }

    @Test
    void listsComponentsAndShowsAHistoryWithItsReasons() {
        assertThat(run("list", "--url", url())).isZero();
        assertThat(run("history", "greeter", "--url", url())).isZero();

        assertThat(out.toString())
                .contains("greeter: 1.0.0 active 90%, 2.0.0 canary 10% (canary)")
                .contains("2026-11-26T02:05:00Z  analysis   2.0.0  rolled back automatically: error rate 40.0%");
    }
}
