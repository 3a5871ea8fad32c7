package io.airssys.wasm.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a replica which components changed in the shared registry: it holds one connection
 * that {@code LISTEN}s on the registry's channel, so a change arrives within milliseconds, and
 * compares every component's revision with the replica's copy at each poll interval, which
 * catches what a lost connection or a missed notification would miss. After an error it
 * reconnects with a growing pause (up to ten polls) and compares revisions first.
 */
final class RegistryChangeWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryChangeWatcher.class);
    private static final long MAX_WAIT_MILLIS = 1_000;

    private final JdbcComponentRegistry registry;
    private final DataSource dataSource;
    private final String replicaId;
    private final Duration poll;
    private final Consumer<String> changed;
    private final Runnable polled;
    private final Thread thread;
    private volatile boolean closed;

    private RegistryChangeWatcher(
            JdbcComponentRegistry registry,
            DataSource dataSource,
            String replicaId,
            Duration poll,
            Consumer<String> changed,
            Runnable polled) {
        this.registry = registry;
        this.dataSource = dataSource;
        this.replicaId = replicaId;
        this.poll = poll;
        this.changed = changed;
        this.polled = polled;
        this.thread = new Thread(this::run, "airssys-wasm-registry-watch");
        this.thread.setDaemon(true);
    }

    static RegistryChangeWatcher start(
            JdbcComponentRegistry registry,
            DataSource dataSource,
            String replicaId,
            Duration poll,
            Consumer<String> changed,
            Runnable polled) {
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, was " + poll);
        }
        RegistryChangeWatcher watcher =
                new RegistryChangeWatcher(registry, dataSource, replicaId, poll, changed, polled);
        watcher.thread.start();
        return watcher;
    }

    private void run() {
        long pause = poll.toMillis();
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                PGConnection notifications = listen(connection);
                pause = poll.toMillis();
                compareRevisions(connection);
                long nextPoll = System.nanoTime() + poll.toNanos();
                while (!closed) {
                    // waits in slices of at most a second, so that closing never waits long
                    long wait = Math.max(1, Math.min(MAX_WAIT_MILLIS, (nextPoll - System.nanoTime()) / 1_000_000));
                    PGNotification[] arrived =
                            notifications == null ? sleepThenNothing(wait) : notifications.getNotifications((int) wait);
                    if (arrived != null && arrived.length > 0) {
                        Set<String> ids = new HashSet<>();
                        for (PGNotification notification : arrived) {
                            ids.add(notification.getParameter());
                        }
                        ids.forEach(this::tell);
                    }
                    if (System.nanoTime() - nextPoll >= 0) {
                        compareRevisions(connection);
                        nextPoll = System.nanoTime() + poll.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("lost the registry database ({}); comparing revisions again in {} ms", e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(pause * 2, poll.toMillis() * 10);
            }
        }
    }

    /** Listens on the registry's channel; null where the driver cannot deliver notifications. */
    private static PGConnection listen(Connection connection) throws SQLException {
        PGConnection notifications;
        try {
            notifications = connection.unwrap(PGConnection.class);
        } catch (SQLException e) {
            log.warn("the registry database connection cannot deliver notifications; polling only");
            return null;
        }
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + JdbcComponentRegistry.CHANNEL);
        }
        return notifications;
    }

    private void compareRevisions(Connection connection) throws SQLException {
        registry.markSeen(connection, replicaId);
        Map<String, Long> stored = registry.storedRevisions();
        Map<String, Long> known = registry.knownRevisions();
        Set<String> ids = new HashSet<>(stored.keySet());
        ids.addAll(known.keySet());
        for (String id : ids) {
            if (!stored.getOrDefault(id, 0L).equals(known.getOrDefault(id, 0L))) {
                tell(id);
            }
        }
        try {
            polled.run();
        } catch (RuntimeException e) {
            log.warn("the registry poll's follow-up failed: {}", e.getMessage());
        }
    }

    private void tell(String componentId) {
        try {
            changed.accept(componentId);
        } catch (RuntimeException e) {
            log.error("could not apply the registry's change of '{}'", componentId, e);
        }
    }

    private PGNotification[] sleepThenNothing(long millis) {
        sleep(millis);
        return null;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(MAX_WAIT_MILLIS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
