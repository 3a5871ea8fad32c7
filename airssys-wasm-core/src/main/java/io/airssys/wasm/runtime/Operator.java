package io.airssys.wasm.runtime;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who is changing what serves, for the history: the runtime records the operator of the block
 * a deployment, promotion, rollback or weight change is made in ({@code by ops}). The actuator
 * endpoint runs each write operation as its authenticated user.
 */
public final class Operator {

    private static final ThreadScoped<String> CURRENT = new ThreadScoped<>();

    private Operator() {}

    /** Runs {@code change} on behalf of {@code name} and returns its result. */
    public static <T> T as(String name, Supplier<T> change) {
        return CURRENT.with(name, change);
    }

    /** The operator of the change being made on this thread, if one was named. */
    public static Optional<String> current() {
        return CURRENT.current();
    }
}
