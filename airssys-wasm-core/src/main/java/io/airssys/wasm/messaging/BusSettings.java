package io.airssys.wasm.messaging;

/**
 * @param mailboxCapacity   messages a component's mailbox holds before senders get {@code mailbox-full}
 * @param maxAttempts       deliveries tried before a message goes to the dead letters
 * @param deadLetterCapacity dead letters kept (the oldest are dropped, and counted)
 * @param threads           threads delivering messages; each mailbox is drained by one at a time
 */
public record BusSettings(int mailboxCapacity, int maxAttempts, int deadLetterCapacity, int threads) {

    public BusSettings {
        if (mailboxCapacity < 1 || maxAttempts < 1 || deadLetterCapacity < 1 || threads < 1) {
            throw new IllegalArgumentException("bus settings must all be at least 1");
        }
    }

    /** 10,000 messages per mailbox, 3 attempts, 1,000 dead letters kept, 4 delivery threads. */
    public static BusSettings defaults() {
        return new BusSettings(10_000, 3, 1_000, 4);
    }
}
