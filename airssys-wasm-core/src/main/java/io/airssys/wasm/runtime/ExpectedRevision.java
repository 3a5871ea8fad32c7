package io.airssys.wasm.runtime;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Makes a change conditional on the state it was decided on: with a shared registry, every
 * component has a revision that each change increments (the actuator shows it), and a change
 * made in {@link #of} is refused with a {@link io.airssys.wasm.registry.RegistryConflictException}
 * when the component is no longer at the revision given, e.g. because an operator changed it
 * through another replica meanwhile. Without it a change applies to the state as it is. A file
 * registry has no revisions and ignores it.
 */
public final class ExpectedRevision {

    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private ExpectedRevision() {}

    /** Runs {@code change}, refused unless the component it changes is at {@code revision}. */
    public static <T> T of(long revision, Supplier<T> change) {
        Long outer = CURRENT.get();
        CURRENT.set(revision);
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

    /** The revision the change being made on this thread expects, if one was given. */
    static OptionalLong current() {
        Long revision = CURRENT.get();
        return revision == null ? OptionalLong.empty() : OptionalLong.of(revision);
    }
}
