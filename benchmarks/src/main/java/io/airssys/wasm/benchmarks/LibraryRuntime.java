package io.airssys.wasm.benchmarks;

import io.airssys.wasm.autoconfigure.WasmComponent;
import io.airssys.wasm.autoconfigure.WasmComponentFactoryBean;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.runtime.ComponentFunction;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.storage.InMemoryComponentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A runtime on one engine with the greeter deployed, its registry in a temporary directory removed on close. */
final class LibraryRuntime implements AutoCloseable {

    /** The typed face an application would declare; a proxy of it calls the greeter. */
    @WasmComponent(value = "bench", witInterface = "bench:greeter/greeter@1.0.0")
    public interface Greeter {
        String greet(String name);
    }

    final ComponentRuntime runtime;
    final ComponentHandle component;
    final ComponentFunction<String> greet;
    final Greeter proxy;
    private final Path registry;

    LibraryRuntime(EngineType engine) {
        try {
            registry = Files.createTempDirectory("airssys-wasm-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry)
                .engine(EngineSettings.defaults().withType(engine))
                .store(new InMemoryComponentStore())
                .build());
        component = runtime.deploy(Fixtures.greeterArtifact(), DeploymentStrategy.immediate());
        greet = component.function(Fixtures.GREET_EXPORT, String.class);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("runtime", runtime);
        WasmComponentFactoryBean<Greeter> factory = new WasmComponentFactoryBean<>(Greeter.class);
        factory.setBeanFactory(beans);
        proxy = factory.getObject();
    }

    @Override
    public void close() {
        runtime.close();
        try (var files = Files.walk(registry)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
