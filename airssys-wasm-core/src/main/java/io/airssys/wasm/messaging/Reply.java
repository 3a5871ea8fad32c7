package io.airssys.wasm.messaging;

/** How a request ended, as the requester's {@code handle-callback} receives it. */
public sealed interface Reply {

    /** The target's {@code handle-message} answered with these bytes. */
    record Answered(byte[] payload) implements Reply {
        public Answered {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** No answer: timed out, cancelled, target gone, handler kept failing. */
    record Failed(MessagingError error, String detail) implements Reply {}
}
