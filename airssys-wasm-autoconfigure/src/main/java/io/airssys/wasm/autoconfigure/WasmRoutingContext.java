package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ThreadScoped;
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

    private static final ThreadScoped<String> KEY = new ThreadScoped<>();

    private WasmRoutingContext() {}

    /** Runs {@code work} with {@code key} as the routing key of the calls it makes, and returns its result. */
    public static <T> T with(String key, Supplier<T> work) {
        return KEY.with(Objects.requireNonNull(key, "key"), work);
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
        return KEY.current();
    }
}
