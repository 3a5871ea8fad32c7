package io.airssys.wasm.autoconfigure;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A routing key for the {@link WasmComponent} calls made within a block of code on this thread,
 * e.g. by a web filter for the length of a request:
 * {@code WasmRoutingContext.with(tenantId, () -> quotes.quote(sku, 2))}. Blocks nest; the inner
 * key wins.
 */
public final class WasmRoutingContext {

    private static final ThreadLocal<String> KEY = new ThreadLocal<>();

    private WasmRoutingContext() {}

    /** Runs {@code work} with {@code key} as the routing key of the calls it makes, and returns its result. */
    public static <T> T with(String key, Supplier<T> work) {
        Objects.requireNonNull(key, "key");
        String outer = KEY.get();
        KEY.set(key);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                KEY.remove();
            } else {
                KEY.set(outer);
            }
        }
    }

    /** Runs {@code work} with {@code key} as the routing key of the calls it makes. */
    public static void run(String key, Runnable work) {
        with(key, () -> {
            work.run();
            return null;
        });
    }

    /** The key of the innermost enclosing block, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(KEY.get());
    }
}
