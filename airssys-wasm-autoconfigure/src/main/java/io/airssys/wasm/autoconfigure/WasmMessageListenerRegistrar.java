package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.messaging.Message;
import io.airssys.wasm.runtime.BusListener;
import io.airssys.wasm.runtime.ComponentRuntime;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@link WasmMessageListener} methods of the application's beans once they exist and
 * registers each with the runtime; a method of the wrong shape fails start-up, naming it.
 */
public final class WasmMessageListenerRegistrar implements SmartInitializingSingleton, DisposableBean {

    private final ComponentRuntime runtime;
    private final ApplicationContext context;
    private final List<AutoCloseable> registrations = new ArrayList<>();

    public WasmMessageListenerRegistrar(ComponentRuntime runtime, ApplicationContext context) {
        this.runtime = runtime;
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>();
        for (String name : context.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = context.getType(name);
            if (type == null) {
                continue;
            }
            Map<Method, WasmMessageListener> methods =
                    MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<WasmMessageListener>)
                            method -> AnnotatedElementUtils.findMergedAnnotation(method, WasmMessageListener.class));
            methods.forEach((method, annotation) -> {
                String problem = shapeProblem(method);
                if (problem != null) {
                    problems.add(type.getName() + "." + method.getName() + ": " + problem);
                    return;
                }
                Object bean = context.getBean(name);
                Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
                registrations.add(runtime.listen(annotation.value(), listener(bean, invocable)));
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("@WasmMessageListener methods of the wrong shape (one parameter: Message, "
                    + "byte[] or String; returning void, byte[] or String):\n  - " + String.join("\n  - ", problems));
        }
    }

    private static String shapeProblem(Method method) {
        if (method.getParameterCount() != 1) {
            return "takes " + method.getParameterCount() + " parameters instead of one";
        }
        Class<?> parameter = method.getParameterTypes()[0];
        if (parameter != Message.class && parameter != byte[].class && parameter != String.class) {
            return "takes " + parameter.getSimpleName() + " instead of Message, byte[] or String";
        }
        Class<?> returned = method.getReturnType();
        if (returned != void.class && returned != byte[].class && returned != String.class) {
            return "returns " + returned.getSimpleName() + " instead of void, byte[] or String";
        }
        return null;
    }

    private static BusListener listener(Object bean, Method method) {
        method.trySetAccessible();
        Class<?> parameter = method.getParameterTypes()[0];
        return message -> {
            Object argument = parameter == Message.class
                    ? message
                    : parameter == byte[].class
                            ? message.payload()
                            : new String(message.payload(), StandardCharsets.UTF_8);
            Object reply;
            try {
                reply = method.invoke(bean, argument);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                throw cause instanceof Exception exception ? exception : new IllegalStateException(cause);
            }
            return reply instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) reply;
        };
    }

    @Override
    public void destroy() throws Exception {
        for (AutoCloseable registration : registrations) {
            registration.close();
        }
        registrations.clear();
    }
}
