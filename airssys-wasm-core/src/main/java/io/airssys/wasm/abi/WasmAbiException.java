package io.airssys.wasm.abi;

import io.airssys.wasm.WasmException;

/**
 * A guest broke the canonical ABI: a pointer or length outside its memory, a misaligned
 * pointer, an unknown discriminant, an invalid char or invalid UTF-8, or a resource handle used
 * against the rules (dropped, of another type, lent out, borrowed past its call). The host read
 * nothing outside the guest's memory; the instance is discarded.
 */
public final class WasmAbiException extends WasmException {

    private static final long serialVersionUID = 1L;

    public WasmAbiException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.TRAP;
    }
}
