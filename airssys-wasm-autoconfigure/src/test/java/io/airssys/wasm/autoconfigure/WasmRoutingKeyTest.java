package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.autoconfigure.stickytest.KeyedGreeter;
import io.airssys.wasm.autoconfigure.stickytest.StickyTestApplication;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.testing.TypedGreeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** During a sticky canary, one routing key always reaches one version through a {@code @WasmComponent} proxy. */
class WasmRoutingKeyTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() throws IOException {
        Path artifact = Files.write(dir.resolve("greeter.wasm"), TypedGreeter.artifact("1.0.0", "Hello, "));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class,
                        WasmComponentProxyAutoConfiguration.class))
                .withUserConfiguration(StickyTestApplication.class)
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry"),
                        "airssys.wasm.components.greeter.location=file:" + artifact);
    }

    private static void stickyCanaryAtHalf(ComponentRuntime runtime) {
        runtime.deploy(TypedGreeter.artifact("2.0.0", "Howdy, "), DeploymentStrategy.stickyCanary(50));
    }

    @Test
    void aParameterMarkedAsTheRoutingKeyKeepsEachKeyOnOneVersion() throws IOException {
        runner().run(context -> {
            stickyCanaryAtHalf(context.getBean(ComponentRuntime.class));
            KeyedGreeter greeter = context.getBean(KeyedGreeter.class);
            Set<String> greetings = new HashSet<>();

            for (int user = 0; user < 40; user++) {
                String name = "user-" + user;
                Set<String> seen = new HashSet<>();
                for (int call = 0; call < 8; call++) {
                    seen.add(greeter.greet(name).replace(name, ""));
                }
                assertThat(seen).as(name + " sees one version").hasSize(1);
                greetings.addAll(seen);
            }

            assertThat(greetings).as("both versions serve some keys").containsExactlyInAnyOrder("Hello, ", "Howdy, ");
        });
    }

    @Test
    void aRoutingContextOrAResolverBeanKeysTheCallsThatCarryNoKey() throws IOException {
        runner().run(context -> {
            stickyCanaryAtHalf(context.getBean(ComponentRuntime.class));
            KeyedGreeter greeter = context.getBean(KeyedGreeter.class);

            for (int tenant = 0; tenant < 10; tenant++) {
                Set<Integer> versions = new HashSet<>();
                for (int call = 0; call < 8; call++) {
                    versions.add(WasmRoutingContext.with("tenant-" + tenant, () -> servingVersion(context)));
                }
                assertThat(versions).hasSize(1);
            }
        });
        runner().withBean(WasmRoutingKeyResolver.class, () -> () -> Optional.of("the-same-user"))
                .run(context -> {
                    stickyCanaryAtHalf(context.getBean(ComponentRuntime.class));
                    Set<Integer> versions = new HashSet<>();
                    for (int call = 0; call < 30; call++) {
                        versions.add(servingVersion(context));
                    }
                    assertThat(versions)
                            .as("the resolver's key routes every call")
                            .hasSize(1);
                });
    }

    /** Which version answered a keyless call: the canary's calls counter moves, or the active's. */
    private static int servingVersion(org.springframework.context.ApplicationContext context) {
        ComponentRuntime runtime = context.getBean(ComponentRuntime.class);
        long before = runtime.status("greeter").orElseThrow().versions().get(1).calls();
        context.getBean(KeyedGreeter.class).add(1, 2);
        long after = runtime.status("greeter").orElseThrow().versions().get(1).calls();
        return after > before ? 2 : 1;
    }
}
