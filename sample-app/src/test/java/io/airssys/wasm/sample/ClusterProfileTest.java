package io.airssys.wasm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.airssys.wasm.testing.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's "Several replicas" walkthrough: two replicas of the sample with the cluster
 * profile on one PostgreSQL database; a canary deployed through one is served by both.
 */
class ClusterProfileTest {

    private static final String OPS =
            "Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext replica(PGSimpleDataSource database, String name) {
        return new SpringApplicationBuilder(SampleApplication.class)
                .profiles("cluster")
                .run( // as command-line arguments, which win over application-cluster.yml
                        "--server.port=0",
                        "--spring.datasource.url=" + database.getUrl(),
                        "--spring.datasource.username=" + database.getUser(),
                        "--airssys.wasm.registry.path=" + directory.resolve(name),
                        "--airssys.wasm.registry.replica-id=" + name);
    }

    private static int port(ConfigurableApplicationContext replica) {
        return ((WebServerApplicationContext) replica).getWebServer().getPort();
    }

    private String get(ConfigurableApplicationContext replica, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port(replica) + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void aCanaryDeployedThroughOneReplicaIsServedByBoth() throws Exception {
        PGSimpleDataSource database = (PGSimpleDataSource) PostgresDatabase.fresh();
        try (ConfigurableApplicationContext first = replica(database, "replica-1");
                ConfigurableApplicationContext second = replica(database, "replica-2")) {
            assertThat(get(second, "/greet?name=Ada")).isEqualTo("Hello, Ada");

            HttpResponse<String> deployed = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port(first) + "/actuator/wasm"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", OPS)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"location\":\"classpath:components/greeter-2.0.0.wasm\","
                                            + "\"strategy\":\"canary\",\"percent\":30}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deployed.statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(2))
                    .until(() -> get(second, "/actuator/wasm/greeter")
                            .contains("\"serving\":\"1.0.0 active 70%, 2.0.0 canary 30%\""));
            String seenFromSecond = get(second, "/actuator/wasm/greeter");
            assertThat(seenFromSecond).contains("\"replica\":\"replica-2\"").contains("\"replica\":\"replica-1\"");
        }
    }
}
