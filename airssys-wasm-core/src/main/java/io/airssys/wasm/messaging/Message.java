package io.airssys.wasm.messaging;

import java.time.Instant;
import java.util.Optional;

/**
 * A message between components (or from the application, whose sender is {@code host}). A
 * request carries the correlation id its reply will be matched by.
 */
public record Message(String id, String from, String to, byte[] payload, Optional<String> correlation, Instant sentAt) {

    public Message {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
