package io.airssys.wasm.signing;

import io.airssys.wasm.WasmException;

/** A key file that is not a usable Ed25519 key in PEM. */
public final class InvalidKeyException extends WasmException {

    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.MALFORMED;
    }
}
