package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.runtime.CallInterceptor;
import io.airssys.wasm.runtime.CallObserver;
import io.airssys.wasm.runtime.CallTarget;
import io.airssys.wasm.runtime.ComponentRejectedException;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.DirectoryDeployer;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.signing.ArtifactSigner;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.storage.ComponentStore;
import io.airssys.wasm.storage.InMemoryComponentStore;
import io.airssys.wasm.storage.MvStoreComponentStore;
import io.airssys.wasm.testing.TestComponents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

class WasmRuntimeAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class))
                .withPropertyValues("airssys.wasm.registry.path=" + dir.resolve("registry"));
    }

    private String artifactFile(String name, byte[] artifact) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, artifact);
        return "file:" + file;
    }

    @Test
    void createsTheRuntimeWithLimitsFromProperties() {
        runner().withPropertyValues(
                        "airssys.wasm.limits.max-memory=32MB",
                        "airssys.wasm.limits.default-instances=2",
                        "airssys.wasm.limits.default-timeout=250ms")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(ComponentRuntime.class)
                            .hasSingleBean(SignatureVerifier.class)
                            .doesNotHaveBean(DirectoryDeployer.class);
                    RuntimeConfig config = context.getBean(RuntimeConfig.class);
                    assertThat(config.maxMemoryBytes()).isEqualTo(32L << 20);
                    assertThat(config.pool().maxInstances()).isEqualTo(2);
                    assertThat(config.pool().callTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.registryDirectory()).isEqualTo(dir.resolve("registry"));
                });
    }

    @Test
    void deploysConfiguredComponentsAtStartWithTheirGrantsAndOverrides() throws IOException {
        String asksForEnv = "[permissions.env]\nvars = [\"APP_MODE\"]\n";
        String location = artifactFile("greeter.wasm", TestComponents.artifact("greeter", "1.0.0", 0, asksForEnv));

        runner().withPropertyValues(
                        "airssys.wasm.components.greeter.location=" + location,
                        "airssys.wasm.components.greeter.grants.env=APP_*",
                        "airssys.wasm.components.greeter.instances=3")
                .run(context -> {
                    ComponentRuntime runtime = context.getBean(ComponentRuntime.class);
                    assertThat(new String(runtime.component("greeter").execute(new byte[] {1}), StandardCharsets.UTF_8))
                            .isEqualTo("1.0.0");
                    assertThat(runtime.serving("greeter").get(0).poolSettings().maxInstances())
                            .isEqualTo(3);
                });
    }

    @Test
    void componentAskingForUngrantedCapabilitiesFailsStartUpWithAnExplanation() throws IOException {
        String location = artifactFile(
                "greeter.wasm",
                TestComponents.artifact(
                        "greeter", "1.0.0", 0, "[permissions.network]\noutbound = [\"https://api.example.com\"]\n"));

        runner().withPropertyValues("airssys.wasm.components.greeter.location=" + location)
                .run(context -> {
                    assertThat(context).hasFailed();
                    ComponentRejectedException rejected =
                            findCause(context.getStartupFailure(), ComponentRejectedException.class);
                    FailureAnalysis analysis =
                            new ComponentRejectedFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(rejected.component()).isEqualTo("greeter@1.0.0");
                    assertThat(analysis.getDescription()).contains("requests capabilities it is not granted");
                    assertThat(analysis.getAction()).contains("airssys.wasm.components.greeter.grants");
                });
    }

    @Test
    void invalidGrantPatternNamesTheProperty() {
        runner().withPropertyValues("airssys.wasm.components.greeter.grants.network-outbound=api.example.com")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis =
                            new InvalidWasmConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains(
                                    "airssys.wasm.components.greeter.grants.network-outbound[0] = 'api.example.com' is invalid");
                    assertThat(analysis.getAction())
                            .contains("Update airssys.wasm.components.greeter.grants.network-outbound[0]");
                });
    }

    @Test
    void requiredSignaturesAreCheckedAgainstConfiguredTrustedKeys() throws IOException {
        KeyPair publisher = SigningKeys.generate();
        Path key = Files.writeString(dir.resolve("publisher.pem"), SigningKeys.toPem(publisher.getPublic()));
        String signed = artifactFile("signed.wasm", ArtifactSigner.sign(TestComponents.artifact("1.0.0"), publisher));

        runner().withPropertyValues(
                        "airssys.wasm.security.require-signatures=true",
                        "airssys.wasm.security.trusted-keys=file:" + key,
                        "airssys.wasm.components.greeter.location=" + signed)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SignatureVerifier.class).requiresSignatures())
                            .isTrue();
                });
        runner().withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("another-registry"),
                        "airssys.wasm.security.require-signatures=true",
                        "airssys.wasm.components.greeter.location="
                                + artifactFile("unsigned.wasm", TestComponents.artifact("1.0.0")))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("unsigned and signatures are required"));
    }

    @Test
    void unreadableTrustedKeyNamesTheProperty() {
        runner().withPropertyValues("airssys.wasm.security.trusted-keys=file:" + dir.resolve("missing.pem"))
                .run(context ->
                        assertThat(context).getFailure().hasMessageContaining("airssys.wasm.security.trusted-keys[0]"));
    }

    @Test
    void keepsComponentDataPersistentlyByDefaultOrInMemoryWhenAsked() {
        runner().run(context ->
                assertThat(context.getBean(ComponentStore.class)).isInstanceOf(MvStoreComponentStore.class));
        runner().withPropertyValues("airssys.wasm.storage.type=memory", "airssys.wasm.messaging.max-attempts=5")
                .run(context -> {
                    assertThat(context.getBean(ComponentStore.class)).isInstanceOf(InMemoryComponentStore.class);
                    assertThat(context.getBean(RuntimeConfig.class).bus().maxAttempts())
                            .isEqualTo(5);
                });
        runner().withPropertyValues("airssys.wasm.storage.type=cloud")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'airssys.wasm.storage.type'"));
    }

    @Test
    void watchesADirectoryOnlyWhenOneIsConfigured() {
        runner().withPropertyValues("airssys.wasm.watch.directory=" + dir, "airssys.wasm.watch.interval=100ms")
                .run(context -> assertThat(context).hasSingleBean(DirectoryDeployer.class));
    }

    @Test
    void restoresWhatTheRegistryHadActive() throws IOException {
        String location = artifactFile("greeter.wasm", TestComponents.artifact("1.0.0"));
        runner().withPropertyValues("airssys.wasm.components.greeter.location=" + location)
                .run(context -> {});

        runner().run(context -> assertThat(
                        context.getBean(ComponentRuntime.class).componentIds())
                .containsExactly("greeter"));
    }

    @Test
    void theConfiguredArtifactSeedsAComponentOnceAndTheRegistryWinsAfterwards() throws IOException {
        String v1 = artifactFile("greeter-1.wasm", TestComponents.artifact("1.0.0"));
        String v2 = artifactFile("greeter-2.wasm", TestComponents.artifact("2.0.0"));
        runner().withPropertyValues("airssys.wasm.components.greeter.location=" + v1)
                .run(context -> {
                    ComponentRuntime runtime = context.getBean(ComponentRuntime.class);
                    runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(30));
                    runtime.promote("greeter");
                });

        runner().withPropertyValues("airssys.wasm.components.greeter.location=" + v1)
                .run(context -> assertThat(serving(context))
                        .as("what was promoted at run time")
                        .isEqualTo("2.0.0"));
        runner().withPropertyValues("airssys.wasm.components.greeter.location=" + v2)
                .run(context -> context.getBean(ComponentRuntime.class).stop("greeter"));
        runner().withPropertyValues("airssys.wasm.components.greeter.location=" + v2)
                .run(context -> assertThat(
                                context.getBean(ComponentRuntime.class).componentIds())
                        .as("a stopped component stays stopped")
                        .isEmpty());
        runner().withPropertyValues(
                        "airssys.wasm.components.greeter.location=" + v1,
                        "airssys.wasm.components.greeter.force-configured=true")
                .run(context -> assertThat(serving(context)).as("forced").isEqualTo("1.0.0"));
    }

    private static String serving(org.springframework.context.ApplicationContext context) {
        return context.getBean(ComponentRuntime.class)
                .registry()
                .active("greeter")
                .orElseThrow()
                .version()
                .toString();
    }

    @Test
    void keepsComponentDataInTheApplicationsPostgresqlWhenAsked() {
        javax.sql.DataSource database = io.airssys.wasm.testing.PostgresDatabase.fresh();
        runner().withPropertyValues("airssys.wasm.storage.type=jdbc")
                .withBean(javax.sql.DataSource.class, () -> database)
                .run(context -> {
                    ComponentStore store = context.getBean(ComponentStore.class);
                    assertThat(store).isInstanceOf(io.airssys.wasm.storage.JdbcComponentStore.class);
                    store.put("greeter", "k", new byte[] {1}, 100);
                });
        try (ComponentStore again = io.airssys.wasm.storage.JdbcComponentStore.open(database)) {
            assertThat(again.get("greeter", "k")).as("kept in the database").isPresent();
        }
        runner().withPropertyValues("airssys.wasm.storage.type=jdbc")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "airssys.wasm.storage.type = 'jdbc' is invalid: needs one DataSource bean"));
    }

    @Test
    void replicasWithTheRegistryInTheApplicationsPostgresqlServeWhatAnyOfThemIsTold() {
        javax.sql.DataSource database = io.airssys.wasm.testing.PostgresDatabase.fresh();
        ApplicationContextRunner replica = runner().withBean(javax.sql.DataSource.class, () -> database)
                .withPropertyValues("airssys.wasm.registry.type=jdbc", "airssys.wasm.storage.type=jdbc");
        replica.withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("a"), "airssys.wasm.registry.replica-id=a")
                .run(a -> replica.withPropertyValues(
                                "airssys.wasm.registry.path=" + dir.resolve("b"),
                                "airssys.wasm.registry.replica-id=b",
                                "airssys.wasm.registry.poll-interval=250ms")
                        .run(b -> {
                            assertThat(a.getBean(io.airssys.wasm.registry.ComponentRegistry.class))
                                    .isInstanceOf(io.airssys.wasm.registry.JdbcComponentRegistry.class);
                            assertThat(b.getBean(RuntimeConfig.class).registryPollInterval())
                                    .isEqualTo(java.time.Duration.ofMillis(250));
                            ComponentRuntime first = a.getBean(ComponentRuntime.class);
                            ComponentRuntime second = b.getBean(ComponentRuntime.class);
                            first.deploy(TestComponents.artifact("1.0.0"));
                            first.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(30));

                            org.awaitility.Awaitility.await()
                                    .atMost(java.time.Duration.ofSeconds(2))
                                    .until(() -> second.status("greeter")
                                            .map(status -> status.versions().size() == 2
                                                    && status.versions().get(1).percent() == 30)
                                            .orElse(false));
                            assertThat(first.replicas("greeter"))
                                    .extracting(io.airssys.wasm.registry.ReplicaStatus::replica)
                                    .containsExactly("a", "b");
                        }));
        runner().withPropertyValues("airssys.wasm.registry.type=jdbc")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "airssys.wasm.registry.type = 'jdbc' is invalid: needs one DataSource bean"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnRuntime() {
        runner().withUserConfiguration(OwnRuntime.class).run(context -> {
            assertThat(context).hasSingleBean(ComponentRuntime.class);
            assertThat(context.getBean(ComponentRuntime.class)).isSameAs(context.getBean("ownRuntime"));
        });
    }

    @Test
    void backsOffWithoutTheRuntimeOnTheClasspath() {
        runner().withClassLoader(new FilteredClassLoader(ComponentRuntime.class))
                .run(context -> assertThat(context).doesNotHaveBean(ComponentRuntime.class));
    }

    @Test
    void defaultValuesAreConsistent() {
        runner().run(context -> {
            RuntimeConfig fromProperties = context.getBean(RuntimeConfig.class);
            RuntimeConfig library = RuntimeConfig.builder(dir).build();
            assertThat(fromProperties.pool()).isEqualTo(library.pool());
            assertThat(fromProperties.defaultMemoryBytes()).isEqualTo(library.defaultMemoryBytes());
            assertThat(fromProperties.maxMemoryBytes()).isEqualTo(library.maxMemoryBytes());
            assertThat(fromProperties.maxTimeout()).isEqualTo(library.maxTimeout());
            assertThat(fromProperties.maxInstances()).isEqualTo(library.maxInstances());
            assertThat(fromProperties.defaultTableElements()).isEqualTo(library.defaultTableElements());
            assertThat(fromProperties.maxTableElements()).isEqualTo(library.maxTableElements());
            assertThat(fromProperties.wasi()).isEqualTo(library.wasi());
            assertThat(fromProperties.bus()).isEqualTo(library.bus());
            assertThat(fromProperties.allowDowngrades()).isEqualTo(library.allowDowngrades());
            assertThat(fromProperties.auditCapacity()).isEqualTo(library.auditCapacity());
            // the one deliberate difference: an application keeps compiled modules beside its registry
            assertThat(fromProperties.engine())
                    .isEqualTo(library.engine()
                            .withCompileCache(fromProperties.registryDirectory().resolve("compile-cache")));
            assertThat(context.getBean(SignatureVerifier.class).requiresSignatures())
                    .isEqualTo(library.signatures().requiresSignatures());
        });
    }

    @Test
    void customizersAdjustTheConfigurationInOrder() {
        runner().withBean("second", WasmRuntimeCustomizer.class, () -> new OrderedCustomizer(2, 7))
                .withBean("first", WasmRuntimeCustomizer.class, () -> new OrderedCustomizer(1, 5))
                .withPropertyValues("airssys.wasm.limits.max-instances=3")
                .run(context -> assertThat(context.getBean(RuntimeConfig.class).maxInstances())
                        .isEqualTo(7));
    }

    @Test
    void listenersObserversAndInterceptorsBeansAreAddedToTheRuntime() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        String location = artifactFile("greeter.wasm", TestComponents.artifact("1.0.0"));
        runner().withBean(
                        DeploymentListener.class,
                        () -> event -> seen.add("event " + event.getClass().getSimpleName()))
                .withBean(
                        CallObserver.class,
                        () -> (id, version, function, nanos, outcome) -> seen.add("call " + function + " " + outcome))
                .withBean(CallInterceptor.class, () -> new CallInterceptor() {
                    @Override
                    public <R> R intercept(CallTarget target, Supplier<R> call) {
                        seen.add("intercepted " + target.componentId());
                        return call.get();
                    }
                })
                .withPropertyValues("airssys.wasm.components.greeter.location=" + location)
                .run(context -> {
                    context.getBean(ComponentRuntime.class).component("greeter").execute(new byte[] {1});
                    assertThat(seen)
                            .containsExactly("event Deployed", "intercepted greeter", "call handle-message SUCCESS");
                });
    }

    /** Sets the instance cap, so the last customizer applied wins. */
    private record OrderedCustomizer(int order, int maxInstances) implements WasmRuntimeCustomizer, Ordered {

        @Override
        public void customize(RuntimeConfig.Builder builder) {
            builder.maxInstances(maxInstances);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRuntime {
        @Bean(destroyMethod = "close")
        ComponentRuntime ownRuntime(RuntimeConfig config) {
            return ComponentRuntime.create(
                    RuntimeConfig.builder(config.registryDirectory().resolveSibling("own"))
                            .build());
        }
    }
}
