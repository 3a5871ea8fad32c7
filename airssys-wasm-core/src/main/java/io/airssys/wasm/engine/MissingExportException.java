package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;
import java.util.Collection;

/** A caller asked for a function the module does not export. */
public final class MissingExportException extends WasmException {

    private static final long serialVersionUID = 1L;

    public MissingExportException(String module, String function, Collection<String> exported) {
        super("'" + module + "' exports no function '" + function + "'; it exports "
                + exported.stream().sorted().toList());
    }

    @Override
    public Category category() {
        return Category.LINK;
    }
}
