package io.airssys.wasm.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.testing.TestComponents;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

class WasmHealthContributorTest {

    @TempDir
    Path dir;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(dir).build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void eachComponentIsUpOrDownByItsOwnHealthCheck() {
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("sick", "1.0.0", 0, "[resources]\ninstances = 1\n"));
        runtime.component("sick").execute("sick".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        WasmHealthContributor health = new WasmHealthContributor(runtime);

        Health greeter = ((HealthIndicator) health.getContributor("greeter")).health();
        assertThat(greeter.getStatus()).isEqualTo(Status.UP);
        assertThat(greeter.getDetails().get("1.0.0").toString())
                .startsWith("active 100%, ")
                .endsWith(" 0 failed");
        assertThat(((HealthIndicator) health.getContributor("sick")).health().getStatus())
                .as("not DOWN: one failing plugin does not take the application down")
                .isEqualTo(WasmHealthContributor.UNHEALTHY);
        assertThat(((HealthIndicator) new WasmHealthContributor(runtime, true).getContributor("sick"))
                        .health()
                        .getStatus())
                .isEqualTo(Status.DOWN);
        assertThat(runtime.status("sick").orElseThrow().versions().get(0).calls())
                .as("health checks are probes, not calls")
                .isEqualTo(1);
        assertThat(health.stream().map(e -> e.name())).containsExactly("greeter", "sick");
        assertThat(health.getContributor("absent")).isNull();
    }

    @Test
    void anUnhealthyComponentLeavesTheApplicationUpAndItsHttpStatusOk() {
        org.springframework.boot.health.actuate.endpoint.StatusAggregator aggregator =
                org.springframework.boot.health.actuate.endpoint.StatusAggregator.getDefault();

        assertThat(aggregator.getAggregateStatus(Status.UP, WasmHealthContributor.UNHEALTHY))
                .isEqualTo(Status.UP);
        assertThat(aggregator.getAggregateStatus(Status.UP, Status.DOWN)).isEqualTo(Status.DOWN);
        assertThat(new org.springframework.boot.health.actuate.endpoint.SimpleHttpCodeStatusMapper()
                        .getStatusCode(WasmHealthContributor.UNHEALTHY))
                .isEqualTo(200);
    }
}
