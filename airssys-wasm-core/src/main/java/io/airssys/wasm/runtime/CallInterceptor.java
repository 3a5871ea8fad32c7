package io.airssys.wasm.runtime;

import java.util.function.Supplier;

/**
 * Wraps every call the runtime makes into a component, on the calling thread, e.g. to open a
 * tracing span around it. Interceptors nest in the order they were added: the first added is
 * outermost.
 */
@FunctionalInterface
public interface CallInterceptor {

    /**
     * Makes the call by running {@code proceed}, and returns or throws what it does; use
     * {@link CallOutcome#of(Throwable)} to classify a failure.
     */
    <R> R intercept(CallTarget target, Supplier<R> proceed);
}
