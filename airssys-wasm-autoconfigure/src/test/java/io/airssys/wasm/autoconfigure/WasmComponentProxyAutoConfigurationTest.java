package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.autoconfigure.badproxytest.BadProxyTestApplication;
import io.airssys.wasm.autoconfigure.proxytest.Greeter;
import io.airssys.wasm.autoconfigure.proxytest.ProxyTestApplication;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.testing.TypedGreeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class WasmComponentProxyAutoConfigurationTest {

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
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry"),
                        "airssys.wasm.components.greeter.location=file:" + artifact);
    }

    @Test
    void interfaceBecomesABeanThatCallsTheComponent() throws IOException {
        runner().withUserConfiguration(ProxyTestApplication.class).run(context -> {
            Greeter greeter = context.getBean(Greeter.class);

            assertThat(greeter.greet("wasm")).isEqualTo("Hello, wasm");
            assertThat(greeter.add(40, 2)).isEqualTo(42);
            assertThat(greeter.sum(1, 2)).as("@WasmFunction names the function").isEqualTo(3L);
            assertThat(greeter.greetLoudly("wasm"))
                    .as("default methods run in Java")
                    .isEqualTo("HELLO, WASM");
            assertThat(greeter.toString()).contains("Greeter -> greeter");
        });
    }

    @Test
    void hotDeploysAreInvisibleToCallers() throws IOException {
        runner().withUserConfiguration(ProxyTestApplication.class).run(context -> {
            Greeter greeter = context.getBean(Greeter.class);
            assertThat(greeter.greet("v1")).isEqualTo("Hello, v1");

            context.getBean(ComponentRuntime.class)
                    .deploy(TypedGreeter.artifact("2.0.0", "Howdy, "), DeploymentStrategy.immediate());

            assertThat(greeter.greet("v2")).isEqualTo("Howdy, v2");
        });
    }

    @Test
    void mistypedInterfaceFailsStartUpNamingEachProblem() throws IOException {
        runner().withUserConfiguration(BadProxyTestApplication.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis =
                    new InvalidWasmComponentInterfaceFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains("MistypedGreeter.greet parameter 0 ('name'): int cannot hold WIT string")
                    .contains("MistypedGreeter.add result: String cannot hold WIT s32")
                    .contains("MistypedGreeter.wave calls acme:greet/greeter@1.0.0#wave, which greeter@1.0.0's WIT "
                            + "does not define");
            assertThat(analysis.getAction()).contains("@WasmFunction");
        });
    }

    @Test
    void nothingIsScannedOutsideTheApplicationPackages() throws IOException {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Greeter.class);
        });
    }
}
