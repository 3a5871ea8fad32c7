package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.deployment.DeploymentListener;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.host.WasiContexts;
import io.airssys.wasm.manifest.ResourceLimits;
import io.airssys.wasm.messaging.BusSettings;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.runtime.CallInterceptor;
import io.airssys.wasm.runtime.CallObserver;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.DirectoryDeployer;
import io.airssys.wasm.runtime.Pipelines;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.storage.ComponentStore;
import io.airssys.wasm.storage.InMemoryComponentStore;
import io.airssys.wasm.storage.JdbcComponentStore;
import io.airssys.wasm.storage.MvStoreComponentStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@link ComponentRuntime}: its registry, limits and grants from
 * {@code airssys.wasm.*} with the application's {@link DeploymentListener},
 * {@link CallObserver}, {@link CallInterceptor} and {@link HostInterface} beans (then every
 * {@link WasmRuntimeCustomizer}, {@link WasmHostInterface} beans included), the
 * components configured there deployed at start, and the watched directory if one is set.
 */
@AutoConfiguration(after = {WasmEngineAutoConfiguration.class, WasmSecurityAutoConfiguration.class})
@ConditionalOnClass(ComponentRuntime.class)
@ConditionalOnBooleanProperty(name = "airssys.wasm.enabled", matchIfMissing = true)
@ConditionalOnBean({WasmEngine.class, SignatureVerifier.class})
@EnableConfigurationProperties({WasmRuntimeProperties.class, WasmSecurityProperties.class})
public final class WasmRuntimeAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ComponentStore wasmComponentStore(WasmRuntimeProperties properties, ObjectProvider<DataSource> dataSources) {
        WasmRuntimeProperties.Storage storage = properties.storage();
        return switch (storage.type()) {
            case MEMORY -> new InMemoryComponentStore();
            case JDBC -> JdbcComponentStore.open(requireDataSource("airssys.wasm.storage.type", dataSources));
            case PERSISTENT ->
                MvStoreComponentStore.open(
                        storage.path() != null
                                ? storage.path()
                                : properties.registry().path().resolve("storage.mv.db"));
        };
    }

    /** The application's one DataSource, for {@code property=jdbc}; a clear start-up failure without it or Flyway. */
    private static DataSource requireDataSource(String property, ObjectProvider<DataSource> dataSources) {
        if (!ClassUtils.isPresent("org.flywaydb.core.Flyway", WasmRuntimeAutoConfiguration.class.getClassLoader())) {
            throw new InvalidWasmConfigurationException(
                    property,
                    "jdbc",
                    "needs Flyway on the classpath (org.flywaydb:flyway-core and flyway-database-postgresql), which"
                            + " creates the tables",
                    null);
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new InvalidWasmConfigurationException(
                    property,
                    "jdbc",
                    "needs one DataSource bean (spring.datasource.url with PostgreSQL's driver), and there is none",
                    null);
        }
        return dataSource;
    }

    @Bean
    @ConditionalOnMissingBean
    ComponentRegistry wasmComponentRegistry(WasmRuntimeProperties properties, ObjectProvider<DataSource> dataSources) {
        WasmRuntimeProperties.Registry registry = properties.registry();
        return switch (registry.type()) {
            case FILE -> ComponentRegistry.open(registry.path());
            case JDBC ->
                JdbcComponentRegistry.open(
                        requireDataSource("airssys.wasm.registry.type", dataSources),
                        registry.path().resolve("artifact-cache"));
        };
    }

    @Bean
    @ConditionalOnMissingBean
    RuntimeConfig wasmRuntimeConfig(
            WasmRuntimeProperties properties,
            WasmSecurityProperties security,
            WasmEngine engine,
            SignatureVerifier signatures,
            ComponentStore store,
            ComponentRegistry registry,
            ObjectProvider<WasmRuntimeCustomizer> customizers,
            ObjectProvider<DeploymentListener> listeners,
            ObjectProvider<CallObserver> observers,
            ObjectProvider<CallInterceptor> interceptors,
            ObjectProvider<HostInterface> hostInterfaces) {
        WasmRuntimeProperties.Limits limits = properties.limits();
        Map<String, CapabilitySet> grants = new HashMap<>();
        Map<String, Map<String, String>> config = new HashMap<>();
        Map<String, ResourceLimits> overrides = new HashMap<>();
        Map<String, String> smokeCalls = new HashMap<>();
        properties.components().forEach((id, component) -> {
            grants.put(id, ConfiguredGrants.of(id, component.grants()));
            config.put(id, component.config());
            if (component.smokeCall() != null) {
                smokeCalls.put(id, component.smokeCall());
            }
            overrides.put(
                    id,
                    new ResourceLimits(
                            component.memoryMax() == null
                                    ? OptionalLong.empty()
                                    : OptionalLong.of(component.memoryMax().toBytes()),
                            Optional.ofNullable(component.timeout()),
                            component.instances() == null ? OptionalInt.empty() : OptionalInt.of(component.instances()),
                            component.tableElementsMax() == null
                                    ? OptionalLong.empty()
                                    : OptionalLong.of(component.tableElementsMax()),
                            component.fuel() == null ? OptionalLong.empty() : OptionalLong.of(component.fuel())));
        });
        RuntimeConfig.Builder builder = RuntimeConfig.builder(
                        properties.registry().path())
                .engine(engine.settings())
                .pool(new PoolSettings(limits.defaultInstances(), limits.acquireTimeout(), limits.defaultTimeout()))
                .memory(limits.defaultMemory().toBytes(), limits.maxMemory().toBytes())
                .maxTimeout(limits.maxTimeout())
                .maxInstances(limits.maxInstances())
                .tableElements(limits.defaultTableElements(), limits.maxTableElements())
                .fuel(limits.defaultFuel(), limits.maxFuel())
                .wasi(new WasiContexts.WasiLimits(
                        limits.outputPerCall().toBytes(),
                        limits.outputPerInstance().toBytes(),
                        limits.maxFileSize().toBytes()))
                .allowDowngrades(security.allowDowngrades())
                .signatures(signatures)
                .auditCapacity(security.auditCapacity())
                .grants(grants)
                .componentConfig(config)
                .smokeCalls(smokeCalls)
                .overrides(overrides)
                .store(store)
                .registry(registry)
                .registryPollInterval(properties.registry().pollInterval())
                .bus(new BusSettings(
                        properties.messaging().mailboxCapacity(),
                        properties.messaging().maxAttempts(),
                        properties.messaging().deadLetterCapacity(),
                        properties.messaging().threads()));
        if (properties.registry().replicaId() != null) {
            builder.replicaId(properties.registry().replicaId());
        }
        listeners.orderedStream().forEach(builder::addListener);
        observers.orderedStream().forEach(builder::addCallObserver);
        interceptors.orderedStream().forEach(builder::addCallInterceptor);
        hostInterfaces.orderedStream().forEach(builder::hostInterface);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ComponentRuntime componentRuntime(RuntimeConfig config, WasmEngine engine) {
        return ComponentRuntime.create(config, engine);
    }

    @Bean
    @ConditionalOnMissingBean
    ConfiguredComponents configuredWasmComponents(
            ComponentRuntime runtime, WasmRuntimeProperties properties, ResourceLoader resources) {
        return new ConfiguredComponents(runtime, properties, resources);
    }

    @Bean
    @ConditionalOnMissingBean
    Pipelines wasmPipelines(ComponentRuntime runtime, WasmRuntimeProperties properties) {
        Map<String, List<String>> steps = new HashMap<>();
        properties.pipelines().forEach((name, pipeline) -> {
            if (pipeline.steps() == null || pipeline.steps().isEmpty()) {
                throw new InvalidWasmConfigurationException(
                        "airssys.wasm.pipelines." + name + ".steps", "", "a pipeline needs at least one step", null);
            }
            steps.put(name, pipeline.steps());
        });
        return new Pipelines(runtime, steps);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty("airssys.wasm.watch.directory")
    DirectoryDeployer wasmDirectoryDeployer(ComponentRuntime runtime, WasmRuntimeProperties properties) {
        return runtime.watch(
                properties.watch().directory(), properties.watch().interval(), DeploymentStrategy.immediate());
    }
}
