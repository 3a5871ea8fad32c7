package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java example of the README and docs/runtime.md, compiled and run: airssys-wasm-core
 * alone deploys a component, calls it, rolls a new version out as a canary and promotes it.
 * {@link DocumentedExamplesTest} checks that the documents show exactly this code.
 */
class PlainJavaExampleTest {

    @TempDir
    Path registryDirectory;

    @Test
    void deploysCallsAndRollsOutAComponentWithoutSpring() {
        byte[] artifact = TestComponents.artifact("greeter", "1.0.0", 0, "[permissions.env]\nvars = [\"GREETER_*\"]\n");
        byte[] nextVersion = TestComponents.artifact("greeter", "2.0.0", 0, "");
        String grantsToml = "[permissions.env]\nvars = [\"GREETER_*\"]\n";

        // tag::plain-java[]
        RuntimeConfig config = RuntimeConfig.builder(registryDirectory)
                .grants(Map.of("greeter", ManifestParser.parseGrants("grants.toml", grantsToml)))
                .build();
        try (ComponentRuntime runtime = ComponentRuntime.create(config)) {
            ComponentHandle greeter = runtime.deploy(artifact); // verify, admit, compile, store, serve
            byte[] reply = greeter.execute("hello".getBytes(StandardCharsets.UTF_8));
            System.out.println(new String(reply, StandardCharsets.UTF_8));

            runtime.deploy(nextVersion, DeploymentStrategy.canary(10)); // 10 % of calls go to 2.0.0
            runtime.promote(greeter.id()); // or runtime.rollback(greeter.id())
        }
        // end::plain-java[]

        try (ComponentRuntime restarted =
                ComponentRuntime.create(RuntimeConfig.builder(registryDirectory).build())) {
            assertThat(restarted.registry().active("greeter").orElseThrow().version())
                    .hasToString("2.0.0");
            assertThat(new String(restarted.component("greeter").execute(new byte[] {1}), StandardCharsets.UTF_8))
                    .isEqualTo("2.0.0");
        }
    }
}
