package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Supplier;

/** Sends each call on a {@link WasmComponent} proxy to the component, through the runtime's routing. */
final class WasmComponentInvocationHandler implements InvocationHandler {

    private final Class<?> type;
    private final String componentId;
    private final Map<Method, String> exports;
    private final Supplier<ComponentRuntime> runtime;
    private volatile ComponentHandle component; // looked up at the first call; it routes every call afresh

    WasmComponentInvocationHandler(Class<?> type, Supplier<ComponentRuntime> runtime) {
        this.type = type;
        this.componentId = type.getAnnotation(WasmComponent.class).value();
        this.exports = WasmComponentMethods.exportNames(type);
        this.runtime = runtime;
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Supplier<ComponentRuntime> runtime) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, new WasmComponentInvocationHandler(type, runtime));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "WasmComponent proxy " + type.getSimpleName() + " -> " + componentId;
            };
        }
        if (method.isDefault()) {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .unreflectSpecial(method, type)
                    .bindTo(proxy)
                    .invokeWithArguments(args);
        }
        Object result = component()
                .invoke(exports.get(method), method.getGenericReturnType(), args == null ? new Object[0] : args);
        if (result == null && method.getReturnType().isPrimitive() && method.getReturnType() != void.class) {
            throw new IllegalStateException(componentId + " returned nothing for " + method.getName()
                    + ", which returns " + method.getReturnType());
        }
        return result;
    }

    private ComponentHandle component() {
        ComponentHandle handle = component;
        if (handle == null) {
            handle = runtime.get().component(componentId);
            component = handle;
        }
        return handle;
    }
}
