package io.airssys.wasm.engine;

/**
 * Carries a failure of the application's own host code through the guest: the call of the
 * component ends, the instance is discarded, and the caller of the component receives the
 * original exception, its type and message kept (a checked one arrives as the cause of a
 * {@link HostFunctionException}).
 */
public final class PropagatedHostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PropagatedHostException(Exception original) {
        super(original.getMessage(), original, false, false);
    }

    /** The application's exception. */
    public Exception original() {
        return (Exception) getCause();
    }
}
