package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.abi.JavaTypeCheck;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.ComponentVersion;
import io.airssys.wasm.wit.WitFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Once every bean exists (so configured components are deployed), checks each
 * {@link WasmComponent} interface against its component's WIT and fails start-up on any method
 * whose function is missing or whose types do not fit. Components not deployed at start are
 * checked by their first call instead.
 */
class WasmComponentValidator implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(WasmComponentValidator.class);

    private final ListableBeanFactory beanFactory;
    private final ComponentRuntime runtime;

    WasmComponentValidator(ListableBeanFactory beanFactory, ComponentRuntime runtime) {
        this.beanFactory = beanFactory;
        this.runtime = runtime;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(WasmComponentFactoryBean.class, true, false)) {
            Class<?> type = beanFactory.getType(name.startsWith("&") ? name.substring(1) : name);
            if (type == null || !type.isAnnotationPresent(WasmComponent.class)) {
                continue;
            }
            String id = type.getAnnotation(WasmComponent.class).value();
            List<ComponentVersion> serving = runtime.serving(id);
            if (serving.isEmpty()) {
                log.debug("{} is not deployed yet; {} will be checked at its first call", id, type.getName());
                continue;
            }
            ComponentHandle component = runtime.component(id);
            WasmComponentMethods.exportNames(type)
                    .forEach((method, export) ->
                            check(type, method, canonical(component, export), serving.get(0), problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidWasmComponentInterfaceException(problems);
        }
    }

    /** The export a method's name means (e.g. new-cart is [constructor]cart), or the name itself if none. */
    private static String canonical(ComponentHandle component, String export) {
        try {
            return component.exportName(export);
        } catch (RuntimeException e) {
            return export; // check() reports it missing
        }
    }

    private static void check(
            Class<?> type, Method method, String export, ComponentVersion version, List<String> problems) {
        String where = type.getSimpleName() + "." + method.getName();
        Optional<WitFunction> function = version.witFunction(export);
        if (function.isEmpty()) {
            problems.add(where + " calls " + export + ", which " + version.label() + "'s WIT does not define");
            return;
        }
        List<WitFunction.Param> params = function.get().params();
        Type[] javaParams = method.getGenericParameterTypes();
        if (javaParams.length != params.size()) {
            problems.add(where + " takes " + javaParams.length + " parameter(s) but " + export + " takes "
                    + params.size() + " (" + function.get() + ")");
            return;
        }
        for (int i = 0; i < javaParams.length; i++) {
            int index = i;
            JavaTypeCheck.mismatch(javaParams[i], params.get(i).type())
                    .ifPresent(reason -> problems.add(where + " parameter " + index + " ('"
                            + params.get(index).name() + "'): " + reason));
        }
        Type returned = method.getGenericReturnType();
        if (function.get().result().isEmpty()) {
            if (returned != void.class && returned != Void.class) {
                problems.add(where + " returns " + returned.getTypeName() + " but " + export + " returns nothing");
            }
        } else if (returned != void.class) {
            JavaTypeCheck.mismatch(returned, function.get().result().get())
                    .ifPresent(reason -> problems.add(where + " result: " + reason));
        }
    }
}
