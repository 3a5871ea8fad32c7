package io.airssys.wasm.runtime;

import io.airssys.wasm.messaging.Message;
import io.airssys.wasm.security.NamePattern;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The application's listeners on the bus, each for the components whose ids match its pattern. */
final class ApplicationInbox {

    private record Subscription(NamePattern from, BusListener listener) {}

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    AutoCloseable add(NamePattern from, BusListener listener) {
        Subscription subscription = new Subscription(from, listener);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    boolean isOpen() {
        return !subscriptions.isEmpty();
    }

    /**
     * Hands the message to every listener for its sender; the reply is the first one given.
     *
     * @throws IllegalStateException if no listener takes messages from the sender, so the
     *                               delivery fails and is retried, then dead-lettered
     */
    byte[] deliver(Message message) {
        byte[] reply = null;
        boolean heard = false;
        for (Subscription subscription : subscriptions) {
            if (subscription.from().matches(message.from())) {
                heard = true;
                byte[] answer;
                try {
                    answer = subscription.listener().onMessage(message);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("the application's listener failed: " + e.getMessage(), e);
                }
                if (reply == null) {
                    reply = answer;
                }
            }
        }
        if (!heard) {
            throw new IllegalStateException("the application listens to no messages from '" + message.from() + "'");
        }
        return reply == null ? new byte[0] : reply;
    }
}
