package io.airssys.wasm.abi;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Java interfaces over {@link GuestResource}s: each abstract method calls the resource method
 * of its kebab-case name, {@code close()} closes the resource, default methods run as written.
 */
public final class ResourceProxies {

    private ResourceProxies() {}

    /**
     * @throws IllegalArgumentException if {@code javaInterface} is not an interface
     */
    static <T> T proxy(GuestResource resource, Class<T> javaInterface) {
        if (!javaInterface.isInterface()) {
            throw new IllegalArgumentException(javaInterface.getName() + " is not an interface; a resource of "
                    + resource.type().owner() + " is seen through a Java interface");
        }
        return javaInterface.cast(Proxy.newProxyInstance(
                javaInterface.getClassLoader(), new Class<?>[] {javaInterface}, new Handler(resource, javaInterface)));
    }

    /** The resource behind a proxy made here, if {@code object} is one. */
    public static Optional<GuestResource> resourceOf(Object object) {
        if (object != null
                && Proxy.isProxyClass(object.getClass())
                && Proxy.getInvocationHandler(object) instanceof Handler handler) {
            return Optional.of(handler.resource);
        }
        return Optional.empty();
    }

    private static final class Handler implements InvocationHandler {
        private final GuestResource resource;
        private final Class<?> type;

        Handler(GuestResource resource, Class<?> type) {
            this.resource = resource;
            this.type = type;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> args[0] != null && resourceOf(args[0]).orElse(null) == resource;
                    case "hashCode" -> System.identityHashCode(resource);
                    default -> type.getSimpleName() + "[" + resource + "]";
                };
            }
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                resource.close();
                return null;
            }
            if (method.isDefault()) {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                        .unreflectSpecial(method, type)
                        .bindTo(proxy)
                        .invokeWithArguments(args);
            }
            Object result = resource.call(
                    JavaMapping.kebab(method.getName()),
                    method.getGenericReturnType(),
                    args == null ? new Object[0] : args);
            if (result == null && method.getReturnType().isPrimitive() && method.getReturnType() != void.class) {
                throw new IllegalStateException(resource + " returned nothing for " + method.getName()
                        + ", which returns " + method.getReturnType());
            }
            return result;
        }
    }
}
