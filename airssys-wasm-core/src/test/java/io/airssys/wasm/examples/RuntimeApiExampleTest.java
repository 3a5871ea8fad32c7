package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.runtime.ComponentFunction;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.DeploymentRequest;
import io.airssys.wasm.runtime.DirectoryDeployer;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.testing.TypedGreeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's API in one place, as {@code docs/runtime.md} shows it. */
class RuntimeApiExampleTest {

    @TempDir
    Path directory;

    @Test
    void deploysCallsRollsOutAndRollsBack() throws Exception {
        Path registryDirectory = directory.resolve("registry");
        Path dropDirectory = Files.createDirectories(directory.resolve("components"));
        byte[] artifact = TypedGreeter.artifact("1.0.0", "Hello, ");
        byte[] nextVersion = TypedGreeter.artifact("2.0.0", "Howdy, ");

        String printed = PrintedOutput.of(() -> {
            // tag::runtime-api[]
            try (ComponentRuntime runtime = ComponentRuntime.create(
                    RuntimeConfig.builder(registryDirectory).build())) {
                ComponentHandle greeter = runtime.deploy(artifact); // immediately, configured grants
                ComponentFunction<String> greet = greeter.function("greet", String.class); // checked against its WIT
                System.out.println(greet.call("wasm"));

                runtime.deploy(DeploymentRequest.of(nextVersion) // or runtime.deploy(bytes, strategy)
                        .withGrants(CapabilitySet.NONE)
                        .withStrategy(DeploymentStrategy.stickyCanary(10))); // 10 % of callers get 2.0.0
                System.out.println(greeter.routedBy("user-42")
                        .function("greet", String.class)
                        .call("user 42"));
                runtime.promote(greeter.id()); // or runtime.rollback(greeter.id())
                System.out.println(greet.call("wasm")); // the same function, now on 2.0.0

                runtime.rollbackTo(greeter.id(), SemanticVersion.parse("1.0.0")); // any stored version
                try (DirectoryDeployer watcher = runtime.watch(
                        dropDirectory,
                        Duration.ofSeconds(2),
                        DeploymentStrategy.immediate())) { // hot deploy dropped *.wasm
                    System.out.println(greet.call("again"));
                }
            }
            // end::runtime-api[]
        });

        assertThat(printed.lines()).hasSize(4);
        assertThat(printed.lines().toList().get(0)).isEqualTo("Hello, wasm");
        assertThat(printed.lines().toList().get(1)).isIn("Hello, user 42", "Howdy, user 42");
        assertThat(printed.lines().toList().subList(2, 4)).containsExactly("Howdy, wasm", "Hello, again");
    }
}
