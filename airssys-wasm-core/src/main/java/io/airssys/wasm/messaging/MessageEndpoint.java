package io.airssys.wasm.messaging;

/**
 * Where the bus delivers: implemented by the runtime, which routes to the component's current
 * version. Keeps the bus free of any knowledge of components.
 */
public interface MessageEndpoint {

    /** Whether a component of this id is deployed. */
    boolean exists(String componentId);

    /**
     * Calls the target's {@code handle-message}; returns its reply. Any exception counts as a
     * failed delivery attempt.
     */
    byte[] handleMessage(Message message);

    /** Calls the requester's {@code handle-callback} with how its request ended. */
    void handleCallback(String requester, String correlation, Reply reply);
}
