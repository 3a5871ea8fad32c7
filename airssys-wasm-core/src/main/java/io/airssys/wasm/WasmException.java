package io.airssys.wasm;

/**
 * Base type of every error raised by airssys-wasm, so callers can catch the whole
 * family in one place while each subtype says precisely what went wrong.
 */
public class WasmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
