package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Sends each call on a {@link WasmComponent} proxy to the component, through the runtime's routing. */
final class WasmComponentInvocationHandler implements InvocationHandler {

    private final Class<?> type;
    private final String componentId;
    private final Map<Method, String> exports;
    private final Map<Method, Integer> routingKeyParameters;
    private final Supplier<ComponentRuntime> runtime;
    private final Supplier<Optional<WasmRoutingKeyResolver>> resolver;
    private volatile ComponentHandle component; // looked up at the first call; it routes every call afresh

    WasmComponentInvocationHandler(
            Class<?> type, Supplier<ComponentRuntime> runtime, Supplier<Optional<WasmRoutingKeyResolver>> resolver) {
        this.type = type;
        this.componentId = type.getAnnotation(WasmComponent.class).value();
        this.exports = WasmComponentMethods.exportNames(type);
        this.routingKeyParameters = WasmComponentMethods.routingKeyParameters(type);
        this.runtime = runtime;
        this.resolver = resolver;
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(
            Class<T> type, Supplier<ComponentRuntime> runtime, Supplier<Optional<WasmRoutingKeyResolver>> resolver) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                new WasmComponentInvocationHandler(type, runtime, resolver));
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
        Object[] arguments = args == null ? new Object[0] : args;
        ComponentHandle target = routingKey(method, arguments)
                .map(key -> component().routedBy(key))
                .orElseGet(this::component);
        Object result = target.invoke(exports.get(method), method.getGenericReturnType(), arguments);
        if (result == null && method.getReturnType().isPrimitive() && method.getReturnType() != void.class) {
            throw new IllegalStateException(componentId + " returned nothing for " + method.getName()
                    + ", which returns " + method.getReturnType());
        }
        return result;
    }

    /** The call's routing key: a {@link WasmRoutingKey} argument, else the context's, else the resolver's. */
    private Optional<String> routingKey(Method method, Object[] arguments) {
        Integer parameter = routingKeyParameters.get(method);
        if (parameter != null && arguments[parameter] != null) {
            return Optional.of(String.valueOf(arguments[parameter]));
        }
        return WasmRoutingContext.current().or(() -> resolver.get().flatMap(WasmRoutingKeyResolver::routingKey));
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
