package io.airssys.wasm.binary;

import java.util.Locale;

/** One entry of the import section: what the module needs its host to provide. */
public record WasmImport(String module, String name, ExternType type) {

    public ExternKind kind() {
        return type.kind();
    }

    @Override
    public String toString() {
        return module + "." + name + " (" + kind().name().toLowerCase(Locale.ROOT) + ")";
    }
}
