package io.airssys.wasm.host;

/**
 * Thrown by a host interface implementation to return the {@code err} case of its WIT
 * {@code result<T, E>}: the guest receives {@code error} converted to {@code E} like any other
 * value (a Java record or enum mirroring a WIT record, variant or enum; a string for a string).
 * Other exceptions end the guest's call and reach the Java caller of the component.
 */
public class WitErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Object error;

    /** An {@code err} carrying {@code error}; null for a {@code result} without an error type. */
    public WitErrorException(Object error) {
        super(String.valueOf(error), null, false, false);
        this.error = error;
    }

    public Object error() {
        return error;
    }
}
