package io.airssys.wasm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.binary.CustomSectionEditor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
        registry.add("airssys.wasm.components.greeter.canary-analysis.interval", () -> "300ms");
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
    @Order(1) // before the broken 2.1.0 is stored, after which deploying 2.0.0 would be a downgrade
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
    void aComponentQuotesWithTheApplicationsCatalogAndAnUngrantedOneIsRefused() throws Exception {
        assertThat(get("/quote?sku=tea&quantity=3").body()).isEqualTo("1050");
        HttpResponse<String> unknown = get("/quote?sku=caviar");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("unknown sku");
        assertThat(get("/actuator/wasm").body())
                .contains("\"hostInterfaces\":[{\"name\":\"sample:shop/catalog@1.0.0\"")
                .contains("\"importedBy\":[\"shop\"]");

        // the same module under an id the operator granted nothing
        byte[] shop = new ClassPathResource("components/shop-1.0.0.wasm").getContentAsByteArray();
        byte[] rogue = CustomSectionEditor.append(
                CustomSectionEditor.strip(shop, "airssys:manifest"),
                "airssys:manifest",
                "[component]\nid = \"rogue-shop\"\nversion = \"1.0.0\"\nworld = \"sample:shop/shop@1.0.0\"\n"
                        + "[permissions.host]\ninterfaces = [\"sample:shop/catalog@1.0.0\"]\n");
        HttpResponse<String> refused =
                post("/actuator/wasm", "{\"artifact\":\"" + Base64.getEncoder().encodeToString(rogue) + "\"}", true);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("rogue-shop").contains("host.interface sample:shop/catalog@1.0.0");
    }

    @Test
    void aCartLivesInTheComponentAndHoldsStockInTheApplicationUntilItIsClosed() throws Exception {
        HttpResponse<String> cart = get("/cart?customer=ann&items=tea:2,mug:1");

        assertThat(cart.statusCode()).isEqualTo(200);
        assertThat(cart.body())
                .contains("\"customer\":\"ann\"")
                .contains("\"totalCents\":1900")
                .contains("\"reservedWhileOpen\":{\"mug\":1,\"tea\":2}")
                .contains("\"reservedAfter\":{}");
        HttpResponse<String> unknown = get("/cart?customer=bob&items=tea:1,caviar:1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("unknown sku");
        assertThat(get("/cart?customer=cy&items=mug").body())
                .as("the failed cart was closed too, releasing its tea")
                .contains("\"reservedWhileOpen\":{\"mug\":1}");
    }

    @Test
    @Order(2)
    void aBrokenReleaseDeployedAsAnAnalysedCanaryRollsItselfBack() throws Exception {
        String serving = get("/greet?name=Ada").body();
        HttpResponse<String> deployed = post(
                "/actuator/wasm",
                "{\"location\":\"classpath:components/greeter-2.1.0.wasm\",\"strategy\":\"canary\",\"analysis\":true}",
                true);
        assertThat(deployed.statusCode()).isEqualTo(200);
        assertThat(deployed.body()).contains("\"action\":\"deploy, analysing\"");

        long deadline = System.nanoTime() + 20_000_000_000L;
        while (get("/actuator/wasm/greeter").body().contains("\"2.1.0\",\"role\":\"canary\"")
                && System.nanoTime() < deadline) {
            get("/greet?name=Ada"); // traffic for the analysis to judge; a quarter of it fails
        }

        String greeter = get("/actuator/wasm/greeter").body();
        assertThat(greeter).doesNotContain("\"role\":\"canary\"");
        assertThat(greeter).contains("rolled back automatically: error rate");
        assertThat(get("/greet?name=Ada").body()).isEqualTo(serving);
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
