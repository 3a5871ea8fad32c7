package io.airssys.wasm.runtime;

import io.airssys.wasm.deployment.DeploymentManager;
import io.airssys.wasm.deployment.RoutingKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every call into a component goes through here: routing picks the version, the interceptors
 * wrap the call, and the observers are told how it ended. Thread-safe.
 */
final class CallRouter {

    private final DeploymentManager<ComponentVersion> deployments;
    private final List<CallObserver> observers = new CopyOnWriteArrayList<>();
    private volatile List<CallInterceptor> interceptors = List.of();

    CallRouter(DeploymentManager<ComponentVersion> deployments) {
        this.deployments = deployments;
    }

    void addObserver(CallObserver observer) {
        observers.add(observer);
    }

    synchronized void addInterceptor(CallInterceptor interceptor) {
        List<CallInterceptor> added = new ArrayList<>(interceptors);
        added.add(Objects.requireNonNull(interceptor, "interceptor"));
        interceptors = List.copyOf(added);
    }

    /** Calls {@code exportName} through {@code call} on the version routing picks for {@code routingKey}. */
    <R> R call(String componentId, RoutingKey routingKey, String exportName, Function<ComponentVersion, R> call) {
        return deployments.call(componentId, routingKey, version -> {
            CallTarget target = CallTarget.of(version, exportName);
            return observed(target, intercepted(interceptors, target, () -> call.apply(version), 0));
        });
    }

    /** Calls {@code exportName} through {@code call} on the serving version {@code which} picks, whatever routing says. */
    <R> R callOn(
            String componentId,
            Predicate<ComponentVersion> which,
            String exportName,
            Function<ComponentVersion, R> call) {
        return deployments.callOn(componentId, which, version -> {
            CallTarget target = CallTarget.of(version, exportName);
            return observed(target, intercepted(interceptors, target, () -> call.apply(version), 0));
        });
    }

    private static <R> Supplier<R> intercepted(
            List<CallInterceptor> interceptors, CallTarget target, Supplier<R> call, int from) {
        if (from == interceptors.size()) {
            return call;
        }
        CallInterceptor interceptor = interceptors.get(from);
        Supplier<R> inner = intercepted(interceptors, target, call, from + 1);
        return () -> interceptor.intercept(target, inner);
    }

    private <R> R observed(CallTarget target, Supplier<R> call) {
        if (observers.isEmpty()) {
            return call.get();
        }
        long start = System.nanoTime();
        CallOutcome outcome = CallOutcome.FAILURE;
        try {
            R result = call.get();
            outcome = CallOutcome.SUCCESS;
            return result;
        } catch (RuntimeException e) {
            outcome = CallOutcome.of(e);
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            for (CallObserver observer : observers) {
                observer.onCall(target.componentId(), target.version(), target.function(), nanos, outcome);
            }
        }
    }
}
