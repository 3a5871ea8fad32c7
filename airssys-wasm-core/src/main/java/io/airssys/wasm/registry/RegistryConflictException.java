package io.airssys.wasm.registry;

/**
 * A change refused because the component changed since the state it was based on, e.g. through
 * another replica: nothing was written. Read the component again and decide anew; the actuator
 * answers 409 Conflict.
 */
public final class RegistryConflictException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String componentId;
    private final long revision;

    public RegistryConflictException(String componentId, long revision, String message) {
        super(message);
        this.componentId = componentId;
        this.revision = revision;
    }

    public String componentId() {
        return componentId;
    }

    /** The component's revision now, which a retry can be based on. */
    public long revision() {
        return revision;
    }
}
