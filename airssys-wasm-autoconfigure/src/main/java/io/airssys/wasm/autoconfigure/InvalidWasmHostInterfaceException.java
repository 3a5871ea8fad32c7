package io.airssys.wasm.autoconfigure;

import java.util.List;

/** {@link WasmHostInterface} beans that do not fit their WIT, or name WIT the application lacks; every problem listed. */
public class InvalidWasmHostInterfaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidWasmHostInterfaceException(List<String> problems) {
        super("@WasmHostInterface beans do not fit their WIT:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
