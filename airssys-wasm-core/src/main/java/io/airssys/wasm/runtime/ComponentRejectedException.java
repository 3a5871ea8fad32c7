package io.airssys.wasm.runtime;

import io.airssys.wasm.WasmException;

/**
 * An artifact was not deployed, with the reason (the cause holds the specific failure: format,
 * manifest, signature, capabilities, link, health). Whatever served before keeps serving.
 */
public final class ComponentRejectedException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String component;

    public ComponentRejectedException(String component, Throwable cause) {
        super("'" + component + "' was not deployed: " + cause.getMessage(), cause);
        this.component = component;
    }

    /** {@code id@version} when the manifest could be read, else a description of the artifact. */
    public String component() {
        return component;
    }

    /**
     * Why it was refused: the cause's category (a malformed binary or manifest, a link failure,
     * a refused signature or capability request), or {@link Category#REJECTED}.
     */
    @Override
    public Category category() {
        return getCause() instanceof WasmException cause ? cause.category() : Category.REJECTED;
    }
}
