package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.WasmException;
import java.util.List;

/** {@link WasmComponent} interfaces that do not fit their components' WIT, one line per problem. */
public final class InvalidWasmComponentInterfaceException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidWasmComponentInterfaceException(List<String> problems) {
        super("@WasmComponent interfaces do not match their components' WIT:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public Category category() {
        return Category.LINK;
    }
}
