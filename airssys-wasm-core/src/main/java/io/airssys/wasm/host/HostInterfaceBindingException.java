package io.airssys.wasm.host;

import io.airssys.wasm.WasmException;
import java.util.List;

/** A Java implementation does not fit the WIT interface it is bound to; every mismatch is listed. */
public final class HostInterfaceBindingException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String interfaceName;
    private final List<String> problems;

    public HostInterfaceBindingException(String interfaceName, String implementation, List<String> problems) {
        super(implementation + " cannot implement host interface " + interfaceName + ":\n  - "
                + String.join("\n  - ", problems));
        this.interfaceName = interfaceName;
        this.problems = List.copyOf(problems);
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** One line per mismatch: a missing method, a parameter or result whose Java type does not fit. */
    public List<String> problems() {
        return problems;
    }
}
