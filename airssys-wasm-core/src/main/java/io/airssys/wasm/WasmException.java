package io.airssys.wasm;

/**
 * Base type of every error raised by airssys-wasm, so callers can catch the whole family in
 * one place while each subtype says precisely what went wrong. {@link #category()} groups the
 * subtypes by what happened, so a caller or a metric can classify any of them with one switch.
 */
public class WasmException extends RuntimeException {

    /** What kind of failure an exception reports. */
    public enum Category {
        /** Input could not be read: a binary, a manifest, WIT, a key. */
        MALFORMED,
        /** Well-formed input that is refused: a signature, capabilities, limits, a downgrade, a conflict. */
        REJECTED,
        /** A module's imports or exports do not fit the host or its WIT. */
        LINK,
        /** The guest failed during a call: a trap, an ABI violation, a failed host function. */
        TRAP,
        /** A call outlived its deadline. */
        TIMEOUT,
        /** A guest asked for something it holds no capability for. */
        CAPABILITY_DENIED,
        /** The component answered with an error of its own. */
        COMPONENT_ERROR,
        /** Nothing can serve the request now: no instance free, not deployed, closed, nothing to promote. */
        UNAVAILABLE,
        /** Anything else: a storage failure, an unexpected state. */
        FAILURE
    }

    private static final long serialVersionUID = 1L;

    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is; subtypes say, plain {@code WasmException}s are {@link Category#FAILURE}. */
    public Category category() {
        return Category.FAILURE;
    }
}
