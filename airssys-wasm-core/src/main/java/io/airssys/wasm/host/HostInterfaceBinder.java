package io.airssys.wasm.host;

import io.airssys.wasm.abi.JavaMapping;
import io.airssys.wasm.abi.JavaTypeCheck;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.wit.FunctionKind;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the public methods of a Java object to the functions of a WIT interface, by name
 * ({@code find-customer} is {@code findCustomer}), checking every parameter and result type
 * first and listing every mismatch at once. A resource {@code r} is implemented by a Java class:
 * the object's {@code newR(...)} is its constructor and {@code rF(...)} its static {@code f};
 * the class's own methods are its methods. The class is the constructor's return type, or the
 * Java type the object's methods use for {@code r}.
 */
final class HostInterfaceBinder {

    private HostInterfaceBinder() {}

    static Map<String, WitHostFunctions.Implementation> bind(WitInterface wit, Object target) {
        Map<String, List<Method>> byName = publicMethods(target.getClass());
        List<String> problems = new ArrayList<>();
        Map<String, WitHostFunctions.Implementation> implementations = new LinkedHashMap<>();
        Map<String, Method> onTarget = new LinkedHashMap<>();
        for (WitFunction function : wit.functions().values()) {
            if (function.kind() == FunctionKind.METHOD) {
                continue; // bound to the resource's class, once it is known
            }
            String javaName = JavaMapping.methodName(function);
            unique(byName, javaName, function, "public method", problems).ifPresent(method -> {
                List<String> mismatches = mismatches(function, method, 0);
                if (mismatches.isEmpty()) {
                    onTarget.put(function.name(), method);
                } else {
                    problems.addAll(mismatches);
                }
            });
        }
        Map<String, Class<?>> resourceClasses = resourceClasses(wit, onTarget, problems);
        for (WitFunction function : wit.functions().values()) {
            Method method = onTarget.get(function.name());
            if (method != null) {
                method.trySetAccessible();
                implementations.put(function.name(), implementation(wit, function, method, args -> target, 0));
            } else if (function.kind() == FunctionKind.METHOD) {
                bindMethod(wit, function, resourceClasses, problems, implementations);
            }
        }
        if (!problems.isEmpty()) {
            throw new HostInterfaceBindingException(
                    wit.qualifiedName(), target.getClass().getName(), problems);
        }
        return implementations;
    }

    private static Map<String, List<Method>> publicMethods(Class<?> type) {
        Map<String, List<Method>> byName = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                byName.computeIfAbsent(JavaMapping.kebab(method.getName()), name -> new ArrayList<>())
                        .add(method);
            }
        }
        return byName;
    }

    private static Optional<Method> unique(
            Map<String, List<Method>> byName,
            String javaName,
            WitFunction function,
            String what,
            List<String> problems) {
        List<Method> candidates = byName.getOrDefault(JavaMapping.kebab(javaName), List.of());
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        problems.add(function.name() + ": "
                + (candidates.isEmpty()
                        ? "no " + what + " named " + javaName
                        : candidates.size() + " " + what + "s named " + javaName + "; overloads are ambiguous"));
        return Optional.empty();
    }

    /** The Java class of each resource the interface defines, from the methods that make or take one. */
    private static Map<String, Class<?>> resourceClasses(
            WitInterface wit, Map<String, Method> onTarget, List<String> problems) {
        Map<String, Class<?>> classes = new LinkedHashMap<>();
        for (WitFunction function : wit.functions().values()) {
            Method method = onTarget.get(function.name());
            if (method == null) {
                continue;
            }
            function.result().ifPresent(result -> note(classes, result, method.getReturnType()));
            for (int i = 0; i < function.params().size(); i++) {
                note(classes, function.params().get(i).type(), method.getParameterTypes()[i]);
            }
        }
        for (WitFunction function : wit.functions().values()) {
            String resource = function.resource().map(TypeDef::name).orElse(null);
            if (function.kind() == FunctionKind.METHOD && !classes.containsKey(resource)) {
                problems.add(function.name() + ": cannot tell which class implements resource " + resource
                        + "; give the object a constructor (" + JavaMapping.camel("new-" + resource)
                        + ") or a method that takes or returns one");
                classes.put(resource, null);
            }
        }
        return classes;
    }

    private static void note(Map<String, Class<?>> classes, WitType type, Class<?> javaType) {
        WitType resolved = type instanceof TypeDef def ? def.unaliased() : type;
        if (resolved instanceof WitType.HandleType handle) {
            classes.putIfAbsent(handle.resource().name(), javaType);
        } else if (resolved instanceof TypeDef def
                && def.kind() instanceof io.airssys.wasm.wit.TypeDefKind.ResourceKind) {
            classes.putIfAbsent(def.name(), javaType);
        }
    }

    private static void bindMethod(
            WitInterface wit,
            WitFunction function,
            Map<String, Class<?>> resourceClasses,
            List<String> problems,
            Map<String, WitHostFunctions.Implementation> implementations) {
        String resource = function.resource().orElseThrow().name();
        Class<?> type = resourceClasses.get(resource);
        if (type == null) {
            return; // already reported
        }
        unique(
                        publicMethods(type),
                        JavaMapping.methodName(function),
                        function,
                        type.getSimpleName() + " method",
                        problems)
                .ifPresent(method -> {
                    List<String> mismatches = mismatches(function, method, 1);
                    if (!mismatches.isEmpty()) {
                        problems.addAll(mismatches);
                        return;
                    }
                    method.trySetAccessible();
                    String label = wit.qualifiedName() + "#" + function.name();
                    implementations.put(
                            function.name(),
                            implementation(
                                    wit,
                                    function,
                                    method,
                                    args -> {
                                        Object self = ((WitValue.HostResource) args.get(0)).object();
                                        if (!type.isInstance(self)) {
                                            throw new IllegalArgumentException(label + ": the handle holds a "
                                                    + self.getClass().getName() + ", not a " + type.getName());
                                        }
                                        return self;
                                    },
                                    1));
                });
    }

    /** Problems binding {@code method} to {@code function}, whose first {@code skipped} parameters it does not take. */
    private static List<String> mismatches(WitFunction function, Method method, int skipped) {
        List<String> problems = new ArrayList<>();
        String where = function.name() + " (" + method.getName() + ")";
        Type[] parameters = method.getGenericParameterTypes();
        List<WitFunction.Param> params =
                function.params().subList(skipped, function.params().size());
        if (parameters.length != params.size()) {
            problems.add(where + ": takes " + parameters.length + " parameter(s) but the WIT function takes "
                    + params.size() + (skipped > 0 ? " besides self" : "") + " (" + function + ")");
            return problems;
        }
        for (int i = 0; i < parameters.length; i++) {
            WitFunction.Param param = params.get(i);
            JavaTypeCheck.mismatch(parameters[i], param.type())
                    .ifPresent(m -> problems.add(where + " parameter '" + param.name() + "': " + m));
        }
        Optional<WitType> javaResult = javaResult(function);
        Type returned = method.getGenericReturnType();
        if (javaResult.isEmpty()) {
            if (returned != void.class && returned != Void.class) {
                problems.add(where + ": returns " + returned.getTypeName() + " but the WIT function returns nothing");
            }
        } else if (returned == void.class) {
            problems.add(where + ": returns nothing but the WIT function returns " + javaResult.get());
        } else {
            JavaTypeCheck.mismatch(returned, javaResult.get()).ifPresent(m -> problems.add(where + " result: " + m));
        }
        return problems;
    }

    /** What the method returns: the WIT result, or for {@code result<T, E>} its {@code T}. */
    private static Optional<WitType> javaResult(WitFunction function) {
        return function.result()
                .flatMap(result -> result instanceof WitType.ResultType r ? r.ok() : Optional.of(result));
    }

    /** Finds the object a call runs on from its WIT arguments: the bound object, or the resource {@code self}. */
    @FunctionalInterface
    private interface Receiver {
        Object of(List<WitValue> args);
    }

    private static WitHostFunctions.Implementation implementation(
            WitInterface wit, WitFunction function, Method method, Receiver receiver, int skipped) {
        String label = wit.qualifiedName() + "#" + function.name();
        Type[] parameters = method.getGenericParameterTypes();
        Optional<WitType.ResultType> resultType =
                function.result().filter(WitType.ResultType.class::isInstance).map(WitType.ResultType.class::cast);
        return args -> {
            Object target = receiver.of(args);
            Object[] javaArgs = new Object[parameters.length];
            for (int i = 0; i < javaArgs.length; i++) {
                javaArgs[i] = JavaMapping.fromWit(
                        args.get(i + skipped),
                        function.params().get(i + skipped).type(),
                        parameters[i]);
            }
            Object returned;
            try {
                returned = method.invoke(target, javaArgs);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof WitErrorException error && resultType.isPresent()) {
                    return WitValue.ResultValue.err(resultType
                            .get()
                            .err()
                            .map(type -> JavaMapping.toWit(error.error(), type, label + " error"))
                            .orElse(null));
                }
                Throwable cause = e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                throw cause instanceof Exception exception ? exception : new IllegalStateException(cause);
            }
            if (resultType.isPresent()) {
                return new WitValue.ResultValue(
                        true, resultType.get().ok().map(type -> JavaMapping.toWit(returned, type, label + " result")));
            }
            return function.result()
                    .map(type -> JavaMapping.toWit(returned, type, label + " result"))
                    .orElse(null);
        };
    }
}
