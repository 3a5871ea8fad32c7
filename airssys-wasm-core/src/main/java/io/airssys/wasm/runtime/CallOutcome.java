package io.airssys.wasm.runtime;

import io.airssys.wasm.WasmException;
import java.util.Locale;

/** How a call into a component ended; what {@link CallObserver}s and metrics are told. */
public enum CallOutcome {
    /** The call returned. */
    SUCCESS,
    /** The component answered with an error of its own (a WIT {@code result} error, an error reply). */
    COMPONENT_ERROR,
    /** The guest trapped, broke the canonical ABI, or a host function it called failed. */
    TRAP,
    /** The call outlived its deadline. */
    TIMEOUT,
    /** The guest was refused something it holds no capability for, or went over a quota. */
    CAPABILITY_DENIED,
    /** The call was not made: no instance free, bad arguments, no such export, not deployed. */
    REJECTED,
    /** Anything else. */
    FAILURE;

    /** Classifies what a call threw. */
    public static CallOutcome of(Throwable failure) {
        if (failure instanceof IllegalArgumentException) {
            return REJECTED;
        }
        if (!(failure instanceof WasmException wasm)) {
            return FAILURE;
        }
        return switch (wasm.category()) {
            case COMPONENT_ERROR -> COMPONENT_ERROR;
            case TRAP -> TRAP;
            case TIMEOUT -> TIMEOUT;
            case CAPABILITY_DENIED -> CAPABILITY_DENIED;
            case MALFORMED, REJECTED, LINK, UNAVAILABLE -> REJECTED;
            case FAILURE -> FAILURE;
        };
    }

    /** The outcome as a metric tag: lower-case, words joined by {@code -}, e.g. {@code component-error}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
