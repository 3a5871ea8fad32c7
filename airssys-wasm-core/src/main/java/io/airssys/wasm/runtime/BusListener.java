package io.airssys.wasm.runtime;

import io.airssys.wasm.messaging.Message;

/**
 * The application's side of the message bus: receives what components send to the reserved id
 * {@code host} ({@link io.airssys.wasm.messaging.MessageBus#HOST}). For a request, the bytes
 * returned are the reply; a thrown exception fails the delivery like a component's would.
 */
@FunctionalInterface
public interface BusListener {

    /** Handles one message; returns the reply, or null for none (an empty reply to a request). */
    byte[] onMessage(Message message) throws Exception;
}
