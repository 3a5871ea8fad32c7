package io.airssys.wasm.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageBusTest {

    /** Components as Java functions; records callbacks. */
    private final Map<String, Function<Message, byte[]>> handlers = new ConcurrentHashMap<>();

    private final List<String> callbacks = new CopyOnWriteArrayList<>();
    private MessageBus bus = new MessageBus(endpoint(), new BusSettings(100, 3, 10, 4), Clock.systemUTC());

    private MessageEndpoint endpoint() {
        return new MessageEndpoint() {
            @Override
            public boolean exists(String componentId) {
                return handlers.containsKey(componentId);
            }

            @Override
            public byte[] handleMessage(Message message) {
                return handlers.get(message.to()).apply(message);
            }

            @Override
            public void handleCallback(String requester, String correlation, Reply reply) {
                callbacks.add(requester + ":" + correlation + ":"
                        + (reply instanceof Reply.Answered a
                                ? new String(a.payload())
                                : ((Reply.Failed) reply).error()));
            }
        };
    }

    @AfterEach
    void close() {
        bus.close();
    }

    private static byte[] seq(int sender, int n) {
        return ByteBuffer.allocate(8).putInt(sender).putInt(n).array();
    }

    @Test
    void messagesFromOneSenderArriveInOrder() {
        Map<Integer, List<Integer>> received = new ConcurrentHashMap<>();
        handlers.put("sink", m -> {
            ByteBuffer b = ByteBuffer.wrap(m.payload());
            received.computeIfAbsent(b.getInt(), k -> new CopyOnWriteArrayList<>())
                    .add(b.getInt());
            return new byte[0];
        });
        bus.close();
        bus = new MessageBus(endpoint(), new BusSettings(100_000, 3, 10, 4), Clock.systemUTC());

        Thread first = new Thread(() -> {
            for (int i = 0; i < 5_000; i++) bus.send("a", "sink", seq(1, i));
        });
        Thread second = new Thread(() -> {
            for (int i = 0; i < 5_000; i++) bus.send("b", "sink", seq(2, i));
        });
        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> bus.stats().delivered() == 10_000);
        for (List<Integer> sequence : received.values()) {
            assertThat(sequence).hasSize(5_000).isSorted();
        }
    }

    @Test
    void noMessageIsLostUnderLoad() {
        AtomicInteger handled = new AtomicInteger();
        handlers.put("sink", m -> {
            handled.incrementAndGet();
            return new byte[0];
        });
        int accepted = 0;
        int refused = 0;
        while (accepted < 100_000) {
            try {
                bus.send("load", "sink", seq(0, accepted));
                accepted++;
            } catch (MessagingException e) {
                assertThat(e.error()).isEqualTo(MessagingError.MAILBOX_FULL);
                refused++;
                Thread.onSpinWait();
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == 100_000);
        assertThat(bus.stats().accepted()).isEqualTo(100_000);
        assertThat(bus.stats().delivered()).isEqualTo(100_000);
        assertThat(bus.deadLetters()).isEmpty();
        assertThat(refused).as("a mailbox of 100 pushes back on a fast sender").isPositive();
    }

    @Test
    void requestIsAnsweredThroughTheRequestersCallback() {
        handlers.put("echo", m -> ("re:" + new String(m.payload())).getBytes());
        handlers.put("asker", m -> new byte[0]);

        String correlation = bus.request("asker", "echo", "ping".getBytes(), Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.contains("asker:" + correlation + ":re:ping"));
        assertThat(bus.stats().pendingRequests()).isZero();
    }

    @Test
    void unansweredRequestTimesOutAndCancelledOneSaysSo() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        handlers.put("slow", m -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[0];
        });
        handlers.put("asker", m -> new byte[0]);

        String timedOut = bus.request("asker", "slow", new byte[0], Duration.ofMillis(100));
        String cancelled = bus.request("asker", "slow", new byte[0], Duration.ofSeconds(30));
        bus.cancel("asker", cancelled);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> callbacks.containsAll(
                        List.of("asker:" + timedOut + ":TIMED_OUT", "asker:" + cancelled + ":CANCELLED")));
        release.countDown();
        assertThatThrownBy(() -> bus.cancel("asker", cancelled)).isInstanceOf(MessagingException.class);
    }

    @Test
    void failingHandlerIsRetriedThenDeadLettered() {
        AtomicInteger attempts = new AtomicInteger();
        handlers.put("broken", m -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("trap: unreachable");
        });
        handlers.put("asker", m -> new byte[0]);

        String correlation = bus.request("asker", "broken", new byte[0], Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> callbacks.contains("asker:" + correlation + ":HANDLER_FAILED"));
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(bus.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.to()).isEqualTo("broken");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.reason()).isEqualTo("trap: unreachable");
        });
    }

    @Test
    void refusesUnknownTargetsAndFullMailboxes() {
        assertThatThrownBy(() -> bus.send("a", "nobody", new byte[0]))
                .isInstanceOfSatisfying(
                        MessagingException.class,
                        e -> assertThat(e.error()).isEqualTo(MessagingError.TARGET_NOT_FOUND));
        CountDownLatch release = new CountDownLatch(1);
        handlers.put("stuck", m -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[0];
        });
        List<MessagingError> errors = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            try {
                bus.send("a", "stuck", new byte[0]);
            } catch (MessagingException e) {
                errors.add(e.error());
            }
        }
        release.countDown();
        assertThat(errors).isNotEmpty().containsOnly(MessagingError.MAILBOX_FULL);
        assertThat(bus.broadcast("a", List.of("stuck", "nobody"), new byte[0])).isLessThanOrEqualTo(1);
    }

    @Test
    void chainsThatComeBackToTheirSenderCannotDeadlock() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Function<String, Function<Message, byte[]>> pinger = peer -> m -> {
            int remaining = m.payload()[0];
            seen.add(m.to() + remaining);
            if (remaining > 0) {
                bus.send(m.to(), peer, new byte[] {(byte) (remaining - 1)});
            }
            return new byte[0];
        };
        handlers.put("a", pinger.apply("b"));
        handlers.put("b", pinger.apply("a"));

        bus.send(MessageBus.HOST, "a", new byte[] {20});

        await().atMost(Duration.ofSeconds(5)).until(() -> bus.stats().delivered() == 21);
        assertThat(seen).hasSize(21).contains("a20", "b19", "a0");
    }
}
