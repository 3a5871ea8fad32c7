package io.airssys.wasm.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value that holds for a block of code on one thread, and what held before once it ends:
 * blocks nest, the inner value wins. What the runtime and the Spring integration use for values
 * a caller sets around its calls (the operator, the expected revision, the routing key).
 */
public final class ThreadScoped<V> {

    private final ThreadLocal<V> current = new ThreadLocal<>();

    /** Runs {@code block} with {@code value} current, and returns its result. */
    public <T> T with(V value, Supplier<T> block) {
        V outer = current.get();
        current.set(Objects.requireNonNull(value, "value"));
        try {
            return block.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    /** The value of the innermost enclosing block, if any. */
    public Optional<V> current() {
        return Optional.ofNullable(current.get());
    }
}
