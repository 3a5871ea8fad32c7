package io.airssys.wasm.messaging;

import io.airssys.wasm.LogText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages between components. Each component has a bounded mailbox drained by one
 * task at a time, so messages from one sender arrive in the order sent and a component never
 * receives two bus deliveries at once. Everything is asynchronous: {@code send} and
 * {@code request} return once the message is queued, a request's answer arrives later through
 * the requester's {@code handle-callback}, so chains such as A to B to A cannot deadlock; a
 * request that gets no answer in time is answered {@code timed-out}. A delivery that fails
 * (trap, timeout, error) is retried, on a fresh instance after a trap, up to
 * {@link BusSettings#maxAttempts()} times, then recorded as a dead letter. Thread-safe.
 *
 * <p>The bus checks no permissions: the host functions components call do that before using
 * it, and the application calling it directly is trusted.
 */
public final class MessageBus implements AutoCloseable {

    /** The sender name of messages the application sends. */
    public static final String HOST = "host";

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final MessageEndpoint endpoint;
    private final BusSettings settings;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
    private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();
    private final List<DeliveryObserver> observers = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong deadLettersDropped = new AtomicLong();

    /** Told of each message handled, in delivery order per mailbox; for metrics and tests. */
    @FunctionalInterface
    public interface DeliveryObserver {
        void onDelivered(Message message, byte[] reply);
    }

    /** Counters of the bus. */
    public record Stats(
            long accepted,
            long delivered,
            long deadLettered,
            long deadLettersDropped,
            long pendingRequests,
            Map<String, Integer> queued) {}

    /** A request in flight; {@code answer} is set when the application asked and waits on a future. */
    private record PendingRequest(
            String requester, String target, ScheduledFuture<?> timeout, CompletableFuture<byte[]> answer) {}

    /** A queued delivery: a message for a component, or a callback for a requester. */
    private record Envelope(Message message, String correlation, Reply reply) {
        boolean isCallback() {
            return reply != null;
        }
    }

    public MessageBus(MessageEndpoint endpoint, BusSettings settings, Clock clock) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(settings.threads(), named("airssys-wasm-bus"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("airssys-wasm-bus-timer"));
    }

    public void addObserver(DeliveryObserver observer) {
        observers.add(observer);
    }

    /**
     * Queues {@code payload} for {@code to}'s {@code handle-message}.
     *
     * @throws MessagingException {@code target-not-found} or {@code mailbox-full}
     */
    public String send(String from, String to, byte[] payload) {
        Message message = message(from, to, payload, Optional.empty());
        enqueue(to, new Envelope(message, null, null));
        return message.id();
    }

    /**
     * Queues a request; the answer (or {@code timed-out}, {@code cancelled}, ...) reaches
     * {@code from}'s {@code handle-callback} with the returned correlation id.
     */
    public String request(String from, String to, byte[] payload, Duration timeout) {
        return request(from, to, payload, timeout, null);
    }

    /**
     * The application's request to {@code to}: the future completes with the reply, or
     * exceptionally with a {@link MessagingException} saying why there is none ({@code timed-out},
     * {@code handler-failed}, ...).
     *
     * @throws MessagingException {@code target-not-found} or {@code mailbox-full}
     */
    public CompletableFuture<byte[]> ask(String to, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        request(HOST, to, payload, timeout, answer);
        return answer;
    }

    private String request(String from, String to, byte[] payload, Duration timeout, CompletableFuture<byte[]> answer) {
        String correlation = UUID.randomUUID().toString();
        Message message = message(from, to, payload, Optional.of(correlation));
        ScheduledFuture<?> timer = timers.schedule(
                () -> finish(
                        correlation,
                        new Reply.Failed(
                                MessagingError.TIMED_OUT,
                                "no answer from '" + to + "' within " + timeout.toMillis() + " ms")),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        pending.put(correlation, new PendingRequest(from, to, timer, answer));
        try {
            enqueue(to, new Envelope(message, null, null));
        } catch (MessagingException e) {
            timer.cancel(false);
            pending.remove(correlation);
            throw e;
        }
        return correlation;
    }

    /** Gives up on a request; the requester's {@code handle-callback} receives {@code cancelled}. */
    public void cancel(String requester, String correlation) {
        PendingRequest request = pending.get(correlation);
        if (request == null || !request.requester().equals(requester)) {
            throw new MessagingException(
                    MessagingError.TARGET_NOT_FOUND, "no pending request " + correlation + " of '" + requester + "'");
        }
        finish(correlation, new Reply.Failed(MessagingError.CANCELLED, "cancelled by '" + requester + "'"));
    }

    /** Sends to each target; returns how many accepted the message. */
    public int broadcast(String from, List<String> targets, byte[] payload) {
        int sent = 0;
        for (String target : targets) {
            try {
                send(from, target, payload);
                sent++;
            } catch (MessagingException e) {
                log.debug("broadcast from {} skipped {}: {}", from, target, e.getMessage());
            }
        }
        return sent;
    }

    /** The most recent dead letters, oldest first. */
    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    public Stats stats() {
        Map<String, Integer> queued = new TreeMap<>();
        mailboxes.forEach((id, mailbox) -> queued.put(id, mailbox.queue.size()));
        return new Stats(
                accepted.get(), delivered.get(), deadLettered.get(), deadLettersDropped.get(), pending.size(), queued);
    }

    private Message message(String from, String to, byte[] payload, Optional<String> correlation) {
        return new Message(UUID.randomUUID().toString(), from, to, payload, correlation, clock.instant());
    }

    private void enqueue(String to, Envelope envelope) {
        if (!envelope.isCallback() && !endpoint.exists(to)) {
            throw new MessagingException(MessagingError.TARGET_NOT_FOUND, "no component '" + to + "' is deployed");
        }
        Mailbox mailbox = mailboxes.computeIfAbsent(to, Mailbox::new);
        if (!mailbox.queue.offer(envelope)) {
            throw new MessagingException(
                    MessagingError.MAILBOX_FULL,
                    "the mailbox of '" + to + "' is full (" + settings.mailboxCapacity() + " messages)");
        }
        if (!envelope.isCallback()) {
            accepted.incrementAndGet();
        }
        mailbox.schedule();
    }

    private void finish(String correlation, Reply reply) {
        PendingRequest request = pending.remove(correlation); // only the first of answer, timeout, cancel wins
        if (request == null) {
            return;
        }
        request.timeout().cancel(false);
        if (request.answer() != null) {
            if (reply instanceof Reply.Answered answered) {
                request.answer().complete(answered.payload());
            } else if (reply instanceof Reply.Failed failed) {
                request.answer().completeExceptionally(new MessagingException(failed.error(), failed.detail()));
            }
            return;
        }
        if (request.requester().equals(HOST)) {
            return; // a request the application made without waiting for its answer
        }
        Mailbox mailbox = mailboxes.computeIfAbsent(request.requester(), Mailbox::new);
        if (!mailbox.queue.offer(new Envelope(null, correlation, reply))) {
            deadLetter(new DeadLetter(
                    "callback",
                    correlation,
                    request.target(),
                    request.requester(),
                    0,
                    "the requester's mailbox was full",
                    clock.instant()));
            return;
        }
        mailbox.schedule();
    }

    /** One component's queue and the flag saying a task is draining it. */
    private final class Mailbox {
        private final String owner;
        private final ArrayBlockingQueue<Envelope> queue = new ArrayBlockingQueue<>(settings.mailboxCapacity());
        private final AtomicBoolean draining = new AtomicBoolean();

        Mailbox(String owner) {
            this.owner = owner;
        }

        void schedule() {
            if (draining.compareAndSet(false, true)) {
                try {
                    workers.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false); // the bus is closing
                }
            }
        }

        private void drain() {
            while (true) {
                Envelope envelope = queue.poll();
                if (envelope == null) {
                    draining.set(false);
                    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (envelope.isCallback()) {
                    deliverCallback(owner, envelope);
                } else {
                    deliverMessage(envelope.message());
                }
            }
        }
    }

    private void deliverMessage(Message message) {
        String lastFailure = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                byte[] reply = endpoint.handleMessage(message);
                delivered.incrementAndGet();
                observers.forEach(o -> o.onDelivered(message, reply));
                message.correlation().ifPresent(c -> finish(c, new Reply.Answered(reply)));
                return;
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                log.debug(
                        "delivery {} of message {} to {} failed: {}", attempt, message.id(), message.to(), lastFailure);
            }
        }
        deadLetter(new DeadLetter(
                "message",
                message.id(),
                message.from(),
                message.to(),
                settings.maxAttempts(),
                lastFailure,
                clock.instant()));
        String reason = lastFailure;
        message.correlation().ifPresent(c -> finish(c, new Reply.Failed(MessagingError.HANDLER_FAILED, reason)));
    }

    private void deliverCallback(String requester, Envelope envelope) {
        String lastFailure = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                endpoint.handleCallback(requester, envelope.correlation(), envelope.reply());
                return;
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
            }
        }
        deadLetter(new DeadLetter(
                "callback",
                envelope.correlation(),
                "bus",
                requester,
                settings.maxAttempts(),
                lastFailure,
                clock.instant()));
    }

    private void deadLetter(DeadLetter letter) {
        log.warn(
                "dead letter: {} {} from {} to {} after {} attempts: {}",
                letter.kind(),
                letter.id(),
                letter.from(),
                letter.to(),
                letter.attempts(),
                LogText.escape(letter.reason()));
        deadLettered.incrementAndGet();
        synchronized (deadLetters) {
            if (deadLetters.size() == settings.deadLetterCapacity()) {
                deadLetters.removeFirst();
                deadLettersDropped.incrementAndGet();
            }
            deadLetters.addLast(letter);
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops delivering; queued messages are dropped, pending requests are not answered. */
    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
