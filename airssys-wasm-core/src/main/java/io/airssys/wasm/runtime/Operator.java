package io.airssys.wasm.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who is changing what serves, for the history: the runtime records the operator of the block
 * a deployment, promotion, rollback or weight change is made in ({@code by ops}). The actuator
 * endpoint runs each write operation as its authenticated user.
 */
public final class Operator {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Operator() {}

    /** Runs {@code change} on behalf of {@code name} and returns its result. */
    public static <T> T as(String name, Supplier<T> change) {
        Objects.requireNonNull(name, "name");
        String outer = CURRENT.get();
        CURRENT.set(name);
        try {
            return change.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The operator of the change being made on this thread, if one was named. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
