package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;
import java.util.List;

/** A module's imports cannot be satisfied by the host functions offered to it. */
public final class WasmLinkException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String module;
    private final List<String> problems;

    public WasmLinkException(String module, List<String> problems) {
        super("'" + module + "' cannot be linked: " + String.join("; ", problems));
        this.module = module;
        this.problems = List.copyOf(problems);
    }

    public String module() {
        return module;
    }

    /** One line per unsatisfied or mistyped import. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public Category category() {
        return Category.LINK;
    }
}
