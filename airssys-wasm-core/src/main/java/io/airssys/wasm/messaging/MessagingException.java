package io.airssys.wasm.messaging;

import io.airssys.wasm.WasmException;

/** A message was not accepted: the target does not exist, its mailbox is full, and so on. */
public final class MessagingException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final MessagingError error;

    public MessagingException(MessagingError error, String message) {
        super(message);
        this.error = error;
    }

    public MessagingError error() {
        return error;
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }
}
