package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.deployment.DeploymentException;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.MissingExportException;
import io.airssys.wasm.testing.TestComponents;
import io.airssys.wasm.testing.TypedGreeter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentHandleTest {

    private static final String GREET = "acme:greet/greeter@1.0.0#greet";

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry).build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void typedFunctionsAreLookedUpOnceAndCalledManyTimes() {
        ComponentHandle greeter = runtime.deploy(TypedGreeter.artifact("1.0.0", "Hello, "));

        ComponentFunction<String> greet = greeter.function("greet", String.class);
        ComponentFunction<Integer> add = greeter.function(GREET.replace("#greet", "#add"), Integer.class);

        assertThat(greet.exportName()).isEqualTo(GREET);
        assertThat(greet.call("wasm")).isEqualTo("Hello, wasm");
        assertThat(add.call(2, 40)).isEqualTo(42);
    }

    @Test
    void aFunctionKeepsWorkingAcrossNewVersions() {
        ComponentFunction<String> greet =
                runtime.deploy(TypedGreeter.artifact("1.0.0", "Hello, ")).function("greet", String.class);

        runtime.deploy(TypedGreeter.artifact("2.0.0", "Howdy, "));

        assertThat(greet.call("wasm")).isEqualTo("Howdy, wasm");
    }

    @Test
    void lookupRefusesMissingFunctionsAndResultsThatDoNotFit() {
        ComponentHandle greeter = runtime.deploy(TypedGreeter.artifact("1.0.0", "Hello, "));

        assertThatThrownBy(() -> greeter.function("farewell", String.class))
                .isInstanceOf(MissingExportException.class)
                .hasMessageContaining("'greeter@1.0.0' exports no function 'farewell'")
                .hasMessageContaining(GREET);
        assertThatThrownBy(() -> greeter.function("greet", Integer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the result of " + GREET + " does not fit java.lang.Integer");
    }

    @Test
    void aComponentThatIsNotDeployedHasNoHandle() {
        assertThatThrownBy(() -> runtime.component("absent"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("component 'absent' is not deployed");
    }

    @Test
    void aHandleFailsClearlyOnceItsComponentStops() {
        ComponentHandle greeter = runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.stop("greeter");

        assertThatThrownBy(() -> greeter.execute(new byte[] {1}))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("component 'greeter' is not deployed");
    }

    @Test
    void aRoutingKeyKeepsACallerOnOneVersionOfAStickyCanary() {
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.stickyCanary(50));

        for (int user = 0; user < 20; user++) {
            ComponentHandle asUser = runtime.component("greeter").routedBy("user-" + user);
            assertThat(IntStream.range(0, 20).mapToObj(i -> reply(asUser)).collect(Collectors.toSet()))
                    .hasSize(1);
        }
        assertThatThrownBy(() -> runtime.component("greeter").routedBy(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void observersAndInterceptorsSeeEveryCallWithItsOutcome() {
        List<String> seen = new CopyOnWriteArrayList<>();
        runtime.addCallObserver((id, version, function, nanos, outcome) ->
                seen.add("observed " + id + "@" + version + " " + function + " " + outcome));
        runtime.addCallInterceptor(new CallInterceptor() {
            @Override
            public <R> R intercept(CallTarget target, Supplier<R> proceed) {
                seen.add("outer " + target.function());
                return proceed.get();
            }
        });
        runtime.addCallInterceptor(new CallInterceptor() {
            @Override
            public <R> R intercept(CallTarget target, Supplier<R> proceed) {
                seen.add("inner " + target.version());
                return proceed.get();
            }
        });
        ComponentHandle greeter = runtime.deploy(TestComponents.artifact("1.0.0"));

        greeter.execute(new byte[] {1});
        assertThatThrownBy(() -> greeter.execute("boom".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        WasmException.class,
                        e -> assertThat(e.category()).isEqualTo(WasmException.Category.COMPONENT_ERROR));

        assertThat(seen)
                .containsExactly(
                        "outer handle-message",
                        "inner 1.0.0",
                        "observed greeter@1.0.0 handle-message SUCCESS",
                        "outer handle-message",
                        "inner 1.0.0",
                        "observed greeter@1.0.0 handle-message COMPONENT_ERROR");
        assertThat(SemanticVersion.parse("1.0.0"))
                .isEqualTo(greeter.status().orElseThrow().versions().get(0).version());
    }

    private static String reply(ComponentHandle handle) {
        return new String(handle.execute(new byte[] {1}), StandardCharsets.UTF_8);
    }
}
