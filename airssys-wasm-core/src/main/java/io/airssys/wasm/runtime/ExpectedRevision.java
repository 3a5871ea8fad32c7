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

    private static final ThreadScoped<Long> CURRENT = new ThreadScoped<>();

    private ExpectedRevision() {}

    /** Runs {@code change}, refused unless the component it changes is at {@code revision}. */
    public static <T> T of(long revision, Supplier<T> change) {
        return CURRENT.with(revision, change);
    }

    /** The revision the change being made on this thread expects, if one was given. */
    static OptionalLong current() {
        return CURRENT.current().map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
