package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.testing.TestComponents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryDeployerTest {

    @TempDir
    Path registry;

    @TempDir
    Path drop;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry).build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private String reply() {
        return new String(runtime.component("greeter").execute(new byte[] {1}), StandardCharsets.UTF_8);
    }

    @Test
    void deploysAFileOnceItHasSettledAndANewVersionWhenItIsReplaced() throws IOException {
        DirectoryDeployer deployer = new DirectoryDeployer(runtime, drop, DeploymentStrategy.immediate());
        Files.write(drop.resolve("greeter.wasm"), TestComponents.artifact("1.0.0"));

        deployer.scan();
        assertThat(runtime.componentIds())
                .as("not yet: it may still be being written")
                .isEmpty();
        deployer.scan();
        assertThat(reply()).isEqualTo("1.0.0");

        Files.write(drop.resolve("greeter.wasm"), TestComponents.artifact("1.1.0"));
        deployer.scan();
        deployer.scan();
        assertThat(reply()).isEqualTo("1.1.0");
    }

    @Test
    void refusedArtifactIsReportedAndTheServingVersionStays() throws IOException {
        DirectoryDeployer deployer = new DirectoryDeployer(runtime, drop, DeploymentStrategy.immediate());
        Files.write(drop.resolve("greeter.wasm"), TestComponents.artifact("1.0.0"));
        deployer.scan();
        deployer.scan();

        Files.write(drop.resolve("broken.wasm"), new byte[] {0, 'a', 's', 'm', 9});
        deployer.scan();
        deployer.scan();

        assertThat(deployer.failures()).containsOnlyKeys(drop.resolve("broken.wasm"));
        assertThat(deployer.failures().get(drop.resolve("broken.wasm"))).contains("was not deployed");
        assertThat(reply()).isEqualTo("1.0.0");
    }

    @Test
    void watchesInTheBackground() throws IOException {
        try (DirectoryDeployer ignored = runtime.watch(drop, Duration.ofMillis(50), DeploymentStrategy.immediate())) {
            Files.write(drop.resolve("greeter.wasm"), TestComponents.artifact("2.0.0"));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> runtime.componentIds().contains("greeter"));
            assertThat(reply()).isEqualTo("2.0.0");
        }
    }
}
