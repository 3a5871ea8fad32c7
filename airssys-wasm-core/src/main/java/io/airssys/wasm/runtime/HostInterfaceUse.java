package io.airssys.wasm.runtime;

import java.util.List;

/**
 * An interface the application offers its components, and who uses it.
 *
 * @param name       its qualified name, {@code ns:pkg/iface@version}
 * @param functions  its WIT functions
 * @param importedBy the components whose serving versions import it
 */
public record HostInterfaceUse(String name, List<String> functions, List<String> importedBy) {

    public HostInterfaceUse {
        functions = List.copyOf(functions);
        importedBy = List.copyOf(importedBy);
    }
}
