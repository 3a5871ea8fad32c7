package io.airssys.wasm.engine;

/**
 * Thrown by a host function to end the guest's call as if the guest had exited, as WASI's
 * {@code proc_exit} does. The caller of the export gets a {@link WasmTrapException} of kind
 * {@link TrapKind#EXIT} with the code, and the instance is discarded.
 */
public final class GuestExitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public GuestExitException(int code) {
        super("guest exited with code " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
