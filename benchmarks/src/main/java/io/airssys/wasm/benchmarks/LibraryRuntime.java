package io.airssys.wasm.benchmarks;

import io.airssys.wasm.autoconfigure.WasmComponent;
import io.airssys.wasm.autoconfigure.WasmComponentFactoryBean;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.runtime.ComponentFunction;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A {@link TemporaryRuntime} with the greeter deployed. */
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
    private final TemporaryRuntime temporary;

    LibraryRuntime(EngineType engine) {
        temporary = new TemporaryRuntime(engine, builder -> builder);
        runtime = temporary.runtime;
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
        temporary.close();
    }
}
