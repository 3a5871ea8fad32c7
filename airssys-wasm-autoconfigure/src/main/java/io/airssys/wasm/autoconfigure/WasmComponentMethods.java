package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.abi.JavaMapping;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which export each abstract method of a {@link WasmComponent} interface calls. */
final class WasmComponentMethods {

    private WasmComponentMethods() {}

    /** The index of each method's {@link WasmRoutingKey} parameter, for the methods that have one. */
    static Map<Method, Integer> routingKeyParameters(Class<?> type) {
        Map<Method, Integer> keys = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            java.lang.annotation.Annotation[][] annotations = method.getParameterAnnotations();
            for (int i = 0; i < annotations.length; i++) {
                for (java.lang.annotation.Annotation annotation : annotations[i]) {
                    if (annotation instanceof WasmRoutingKey) {
                        keys.put(method, i);
                    }
                }
            }
        }
        return keys;
    }

    static Map<Method, String> exportNames(Class<?> type) {
        WasmComponent component = type.getAnnotation(WasmComponent.class);
        Map<Method, String> names = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            if (method.isDefault()
                    || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            WasmFunction function = method.getAnnotation(WasmFunction.class);
            String name = function != null ? function.value() : JavaMapping.kebab(method.getName());
            names.put(
                    method,
                    name.contains("#") || component.witInterface().isEmpty()
                            ? name
                            : component.witInterface() + "#" + name);
        }
        return names;
    }
}
