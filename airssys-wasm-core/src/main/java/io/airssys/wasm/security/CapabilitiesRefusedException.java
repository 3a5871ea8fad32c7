package io.airssys.wasm.security;

import io.airssys.wasm.WasmException;
import java.util.List;

/** A component asks for more than the operator grants it; the deployment is refused. */
public final class CapabilitiesRefusedException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final transient List<Capability> missing;

    public CapabilitiesRefusedException(String component, List<Capability> missing) {
        super("'" + component + "' requests capabilities it is not granted: " + missing
                + "; grant them under airssys.wasm.components." + component
                + ".grants or remove them from its manifest");
        this.component = component;
        this.missing = List.copyOf(missing);
    }

    public String component() {
        return component;
    }

    /** Each request no grant covers. */
    public List<Capability> missing() {
        return missing;
    }

    @Override
    public Category category() {
        return Category.REJECTED;
    }
}
