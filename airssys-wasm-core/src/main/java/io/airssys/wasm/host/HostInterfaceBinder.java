package io.airssys.wasm.host;

import io.airssys.wasm.abi.JavaMapping;
import io.airssys.wasm.abi.JavaTypeCheck;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.wit.FunctionKind;
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
 * first and listing every mismatch at once.
 */
final class HostInterfaceBinder {

    private HostInterfaceBinder() {}

    static Map<String, WitHostFunctions.Implementation> bind(WitInterface wit, Object target) {
        Map<String, List<Method>> byName = new HashMap<>();
        for (Method method : target.getClass().getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                byName.computeIfAbsent(JavaMapping.kebab(method.getName()), name -> new ArrayList<>())
                        .add(method);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, WitHostFunctions.Implementation> implementations = new LinkedHashMap<>();
        for (WitFunction function : wit.functions().values()) {
            if (function.kind() != FunctionKind.FREESTANDING) {
                problems.add(function.name() + ": resource functions cannot be implemented yet");
                continue;
            }
            List<Method> candidates = byName.getOrDefault(function.name(), List.of());
            if (candidates.size() != 1) {
                problems.add(function.name() + ": "
                        + (candidates.isEmpty()
                                ? "no public method named " + JavaMapping.camel(function.name())
                                : candidates.size() + " public methods named " + JavaMapping.camel(function.name())
                                        + "; overloads are ambiguous"));
                continue;
            }
            Method method = candidates.get(0);
            List<String> mismatches = mismatches(function, method);
            if (mismatches.isEmpty()) {
                method.trySetAccessible();
                implementations.put(function.name(), implementation(wit, function, method, target));
            } else {
                problems.addAll(mismatches);
            }
        }
        if (!problems.isEmpty()) {
            throw new HostInterfaceBindingException(
                    wit.qualifiedName(), target.getClass().getName(), problems);
        }
        return implementations;
    }

    private static List<String> mismatches(WitFunction function, Method method) {
        List<String> problems = new ArrayList<>();
        String where = function.name() + " (" + method.getName() + ")";
        Type[] parameters = method.getGenericParameterTypes();
        if (parameters.length != function.params().size()) {
            problems.add(where + ": takes " + parameters.length + " parameter(s) but the WIT function takes "
                    + function.params().size() + " (" + function + ")");
            return problems;
        }
        for (int i = 0; i < parameters.length; i++) {
            WitFunction.Param param = function.params().get(i);
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

    private static WitHostFunctions.Implementation implementation(
            WitInterface wit, WitFunction function, Method method, Object target) {
        String label = wit.qualifiedName() + "#" + function.name();
        Type[] parameters = method.getGenericParameterTypes();
        Optional<WitType.ResultType> resultType =
                function.result().filter(WitType.ResultType.class::isInstance).map(WitType.ResultType.class::cast);
        return args -> {
            Object[] javaArgs = new Object[args.size()];
            for (int i = 0; i < javaArgs.length; i++) {
                javaArgs[i] = JavaMapping.fromWit(
                        args.get(i), function.params().get(i).type(), parameters[i]);
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
