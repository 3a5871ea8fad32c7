package io.airssys.wasm.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** A value that holds for a block of code on one thread, and what held before once it ends. */
final class ThreadScoped<V> {

    private final ThreadLocal<V> current = new ThreadLocal<>();

    /** Runs {@code block} with {@code value} current, and returns its result. */
    <T> T with(V value, Supplier<T> block) {
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

    Optional<V> current() {
        return Optional.ofNullable(current.get());
    }
}
