package io.airssys.wasm.security;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every permission decision: logged to the {@code io.airssys.wasm.audit} logger (denials at
 * WARN, allowed at DEBUG) and kept in a bounded ring of the most recent ones for the actuator.
 * When the ring is full the oldest entry is evicted and counted in {@link #evicted()}; nothing
 * is dropped without being counted.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("io.airssys.wasm.audit");

    private final int capacity;
    private final Clock clock;
    private final ArrayDeque<AuditEvent> recent;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    public AuditLog(int capacity) {
        this(capacity, Clock.systemUTC());
    }

    public AuditLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("audit capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public AuditEvent record(String component, String action, String target, boolean allowed, String reason) {
        AuditEvent event = new AuditEvent(clock.instant(), component, action, target, allowed, reason);
        if (allowed) {
            log.debug("{}", event);
        } else {
            log.warn("{}", event);
        }
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
                evicted.incrementAndGet();
            }
            recent.addLast(event);
        }
        recorded.incrementAndGet();
        return event;
    }

    /** The most recent decisions, oldest first. */
    public List<AuditEvent> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Decisions recorded since start. */
    public long recorded() {
        return recorded.get();
    }

    /** Decisions that fell out of the ring (they were still logged). */
    public long evicted() {
        return evicted.get();
    }

    public int capacity() {
        return capacity;
    }
}
