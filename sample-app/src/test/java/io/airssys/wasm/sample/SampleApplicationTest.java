package io.airssys.wasm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    private static final String OPS =
            "Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path registryDirectory;

    @DynamicPropertySource
    static void freshRegistry(DynamicPropertyRegistry registry) {
        registry.add("airssys.wasm.registry.path", () -> registryDirectory.toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authenticated) {
            request.header("Authorization", OPS);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesBothComponentsAndReportsThemHealthy() throws Exception {
        assertThat(get("/greet?name=Ada").body()).isEqualTo("Hello, Ada");
        assertThat(get("/add?a=40&b=2").body()).isEqualTo("42");
        HttpResponse<String> stats = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stats"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("héllo wasm\nworld"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stats.body()).isEqualTo("{\"bytes\":17,\"chars\":16,\"words\":3,\"lines\":2}");

        HttpResponse<String> health = get("/actuator/health/wasm");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"greeter\"")
                .contains("\"text-stats\"")
                .contains("\"status\":\"UP\"");
        assertThat(get("/actuator/wasm").body()).contains("\"id\":\"greeter\"").contains("\"id\":\"text-stats\"");
    }

    @Test
    void operatorDeploysACanaryPromotesItAndRollsBackOverHttp() throws Exception {
        String v2 = "{\"location\":\"classpath:components/greeter-2.0.0.wasm\",\"strategy\":\"canary\",\"percent\":50}";
        assertThat(post("/actuator/wasm", v2, false).statusCode())
                .as("writes need the OPS role")
                .isEqualTo(401);

        HttpResponse<String> canary = post("/actuator/wasm", v2, true);
        assertThat(canary.statusCode()).isEqualTo(200);
        assertThat(canary.body()).contains("\"role\":\"canary\"").contains("\"percent\":50");
        assertThat(IntStream.range(0, 200).mapToObj(i -> call("/greet?name=Ada")))
                .contains("Hello, Ada", "Howdy, Ada");

        assertThat(post("/actuator/wasm/greeter/promote", "{}", true).statusCode())
                .isEqualTo(200);
        assertThat(IntStream.range(0, 20).mapToObj(i -> call("/greet?name=Ada")))
                .containsOnly("Howdy, Ada");

        assertThat(post("/actuator/wasm/greeter/rollback", "{\"version\":\"1.0.0\"}", true)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/greet?name=Ada").body()).isEqualTo("Hello, Ada");
        assertThat(get("/actuator/wasm/greeter").body()).contains("\"active\":\"1.0.0\"");
        HttpResponse<String> nothingToPromote = post("/actuator/wasm/greeter/promote", "{}", true);
        assertThat(nothingToPromote.statusCode()).isEqualTo(400);
        assertThat(nothingToPromote.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(nothingToPromote.body()).contains("\"status\":400").contains("\"detail\":\"");
        HttpResponse<String> outside = post("/actuator/wasm", "{\"location\":\"file:/etc/passwd\"}", true);
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.body()).contains("is not allowed");
        HttpResponse<String> unknownAction = post("/actuator/wasm/greeter/explode", "{}", true);
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("unknown action 'explode'; use promote, rollback");
    }

    @Test
    void callsAreMeasured() throws Exception {
        get("/greet?name=metrics");

        HttpResponse<String> metric = get("/actuator/metrics/airssys.wasm.calls?tag=component:greeter");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"name\":\"airssys.wasm.calls\"");
    }

    private String call(String path) {
        try {
            return get(path).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
