package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.host.HostInterfaceBindingException;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitResolve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * {@link WasmHostInterface} beans become interfaces the runtime offers its components, bound to
 * the application's WIT at start; any bean that does not fit fails start-up with every problem
 * listed.
 */
@AutoConfiguration(before = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass(ComponentRuntime.class)
@ConditionalOnBooleanProperty(name = "airssys.wasm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WasmHostInterfaceProperties.class)
public final class WasmHostInterfaceAutoConfiguration {

    /** The application's host interfaces, handed to the runtime's configuration. */
    @Bean
    @ConditionalOnMissingBean(name = "wasmHostInterfacesCustomizer")
    WasmRuntimeCustomizer wasmHostInterfacesCustomizer(
            ApplicationContext context, WasmHostInterfaceProperties properties) {
        return builder -> bind(context, properties).forEach(builder::hostInterface);
    }

    static List<HostInterface> bind(ApplicationContext context, WasmHostInterfaceProperties properties) {
        Map<String, Object> beans = context.getBeansWithAnnotation(WasmHostInterface.class);
        if (beans.isEmpty()) {
            return List.of();
        }
        Optional<WitResolve> wit = ApplicationWit.read(context, properties.witLocation());
        List<String> problems = new ArrayList<>();
        List<HostInterface> bound = new ArrayList<>();
        beans.forEach((name, bean) -> {
            WasmHostInterface annotation =
                    AnnotationUtils.findAnnotation(AopUtils.getTargetClass(bean), WasmHostInterface.class);
            String interfaceName = annotation == null ? "?" : annotation.value();
            Optional<WitInterface> iface = wit.flatMap(resolve -> resolve.findInterface(interfaceName));
            if (iface.isEmpty()) {
                problems.add("bean '" + name + "': "
                        + (wit.isEmpty()
                                ? "no WIT found at " + properties.witLocation() + " for " + interfaceName
                                : "the WIT at " + properties.witLocation() + " defines no interface " + interfaceName));
                return;
            }
            try {
                bound.add(HostInterface.bind(iface.get(), bean));
            } catch (HostInterfaceBindingException e) {
                e.problems()
                        .forEach(problem -> problems.add("bean '" + name + "' (" + interfaceName + "): " + problem));
            } catch (IllegalArgumentException e) {
                problems.add("bean '" + name + "': " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidWasmHostInterfaceException(problems);
        }
        return bound;
    }
}
