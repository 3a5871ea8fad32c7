package io.airssys.wasm.host.wasi;

/** Ends a WASI function early with an error number for the guest; never leaves this package. */
final class WasiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errno;

    WasiException(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
