package io.airssys.wasm.registry;

import io.airssys.wasm.Sha256;
import io.airssys.wasm.registry.RegistryState.ComponentEntry;
import io.airssys.wasm.registry.RegistryState.DamagedEntry;
import io.airssys.wasm.sql.Transactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry every replica of an application shares, in its PostgreSQL database: one row per
 * component holding its entry and a revision, and each artifact stored once by SHA-256. A change
 * is one transaction that writes only if the component's revision is still the one this replica
 * last read (optimistic versioning): otherwise nothing is written and a
 * {@link RegistryConflictException} says so, so two replicas can never overwrite each other's
 * change. Each committed change notifies the others ({@code NOTIFY}) so they can converge
 * ({@link #watch}); reads come from this replica's copy, brought up to date by {@link #refresh}.
 * Artifacts are cached on local disk by hash and checked against it before use. Schema by
 * Flyway migrations shipped in the jar, in a history table of their own.
 */
public final class JdbcComponentRegistry extends ComponentRegistry {

    private static final Logger log = LoggerFactory.getLogger(JdbcComponentRegistry.class);
    static final String HISTORY_TABLE = "airssys_wasm_registry_schema_history";
    private static final String MIGRATIONS = "io/airssys/wasm/registry/db";
    /** The channel every committed change is announced on, with the component's id. */
    static final String CHANNEL = "airssys_wasm_registry";

    private final DataSource dataSource;
    private final Path cache;
    private final String location;
    /** The revision of each component as this replica last read or wrote it; guarded by {@code this}. */
    private final Map<String, Long> revisions = new HashMap<>();

    private JdbcComponentRegistry(DataSource dataSource, Path cache, String location) {
        super(Clock.systemUTC(), RegistryState.empty());
        this.dataSource = dataSource;
        this.cache = cache;
        this.location = location;
    }

    /**
     * The registry in {@code dataSource}'s database (PostgreSQL), its tables created or upgraded
     * first, with artifacts cached in {@code cacheDirectory}.
     *
     * @throws RegistryException if the database cannot be reached, is not PostgreSQL, or cannot be migrated
     */
    public static JdbcComponentRegistry open(DataSource dataSource, Path cacheDirectory) {
        Objects.requireNonNull(dataSource, "dataSource");
        String location;
        try (Connection connection = dataSource.getConnection()) {
            var metaData = connection.getMetaData();
            // without its parameters, which some drivers list in full
            location = "the database registry at " + metaData.getURL().replaceFirst("\\?.*", "");
            if (!metaData.getDatabaseProductName().equals("PostgreSQL")) {
                throw new RegistryException("the database registry needs PostgreSQL; " + metaData.getURL() + " is "
                        + metaData.getDatabaseProductName());
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot reach the registry database: " + e.getMessage(), e);
        }
        try {
            Transactions.migrate(dataSource, MIGRATIONS, HISTORY_TABLE);
            Files.createDirectories(cacheDirectory);
        } catch (IOException | RuntimeException e) {
            throw new RegistryException("cannot prepare " + location + ": " + e.getMessage(), e);
        }
        JdbcComponentRegistry registry = new JdbcComponentRegistry(dataSource, cacheDirectory, location);
        registry.loadAll();
        return registry;
    }

    @Override
    public String location() {
        return location;
    }

    // ---------------------------------------------------------------- reading the shared state

    private synchronized void loadAll() {
        query(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT component_id, revision, entry FROM airssys_wasm_component");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    take(rows.getString(1), rows.getLong(2), rows.getString(3));
                }
            }
            return null;
        });
        state.damaged().forEach((id, entry) -> log.error("component '{}' is disabled: {}", id, entry.reason()));
    }

    /**
     * Reads {@code componentId} again from the database.
     *
     * @return whether it changed since this replica last read or wrote it
     */
    public synchronized boolean refresh(String componentId) {
        return query(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT revision, entry FROM airssys_wasm_component WHERE component_id = ?")) {
                select.setString(1, componentId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        boolean known = revisions.remove(componentId) != null;
                        state = state.without(componentId);
                        return known;
                    }
                    long revision = row.getLong(1);
                    if (revisions.containsKey(componentId) && revisions.get(componentId) == revision) {
                        return false;
                    }
                    take(componentId, revision, row.getString(2));
                    return true;
                }
            }
        });
    }

    /** Takes a row into this replica's copy; an entry that cannot be read disables its component. */
    private void take(String componentId, long revision, String entry) {
        String source = location + ", component '" + componentId + "'";
        RegistryState read;
        try {
            read = RegistryState.fromToml(source, entry);
            if (!read.components().keySet().equals(Set.of(componentId))
                    && read.damaged().isEmpty()) {
                throw new RegistryException(source + ": the entry does not describe '" + componentId + "' alone");
            }
        } catch (RegistryException e) {
            read = new RegistryState(Map.of(), Map.of(componentId, new DamagedEntry(e.getMessage(), null, Set.of())));
        }
        state = state.withEntryFrom(componentId, read);
        revisions.put(componentId, revision);
    }

    /** The component's revision as this replica last read or wrote it; 0 if it knows none. */
    public synchronized long revision(String componentId) {
        return revisions.getOrDefault(componentId, 0L);
    }

    /** The revision of every component as this replica last read or wrote it. */
    public synchronized Map<String, Long> knownRevisions() {
        return Map.copyOf(revisions);
    }

    /** The revision of every component in the database now. */
    public Map<String, Long> storedRevisions() {
        return query(connection -> {
            Map<String, Long> stored = new HashMap<>();
            try (PreparedStatement select =
                            connection.prepareStatement("SELECT component_id, revision FROM airssys_wasm_component");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
            return stored;
        });
    }

    /**
     * Starts a thread telling {@code changed} of every component another replica changed:
     * at once when PostgreSQL delivers the change's notification, and by comparing revisions
     * every {@code pollInterval}, after a reconnect and where notifications are not delivered.
     * It also marks {@code replicaId} seen at each poll, and runs {@code polled} after it. Close the
     * result to stop it.
     */
    public AutoCloseable watch(String replicaId, Duration pollInterval, Consumer<String> changed, Runnable polled) {
        return RegistryChangeWatcher.start(this, dataSource, replicaId, pollInterval, changed, polled);
    }

    // ---------------------------------------------------------------- writing

    @Override
    void persist(String componentId, ComponentEntry entry, Optional<NewArtifact> artifact) {
        long expected = revision(componentId);
        String text = new String(RegistryState.entryToml(componentId, entry), StandardCharsets.UTF_8);
        boolean written = write(componentId, connection -> {
            if (artifact.isPresent()) {
                insertArtifact(connection, artifact.get());
            }
            int updated;
            if (expected == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO airssys_wasm_component (component_id, revision, entry) VALUES (?, 1, ?)"
                                + " ON CONFLICT (component_id) DO NOTHING")) {
                    insert.setString(1, componentId);
                    insert.setString(2, text);
                    updated = insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE airssys_wasm_component SET entry = ?, revision = revision + 1, changed_at = now()"
                                + " WHERE component_id = ? AND revision = ?")) {
                    update.setString(1, text);
                    update.setString(2, componentId);
                    update.setLong(3, expected);
                    updated = update.executeUpdate();
                }
            }
            if (updated == 0) {
                return false;
            }
            if (artifact.isPresent()) {
                try (PreparedStatement use = connection.prepareStatement(
                        "INSERT INTO airssys_wasm_component_artifact (component_id, sha256) VALUES (?, ?)"
                                + " ON CONFLICT DO NOTHING")) {
                    use.setString(1, componentId);
                    use.setString(2, artifact.get().sha256());
                    use.executeUpdate();
                }
            }
            announce(connection, componentId);
            return true;
        });
        if (!written) {
            throw conflict(componentId, expected);
        }
        revisions.put(componentId, expected + 1);
    }

    @Override
    void persistRemoval(String componentId, List<StoredVersion> removed, RegistryState next) {
        long expected = revision(componentId);
        boolean written = write(componentId, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM airssys_wasm_component WHERE component_id = ? AND revision = ?")) {
                delete.setString(1, componentId);
                delete.setLong(2, expected);
                if (delete.executeUpdate() == 0 && expected != 0) {
                    return false;
                }
            }
            try (PreparedStatement forget =
                    connection.prepareStatement("DELETE FROM airssys_wasm_replica WHERE component_id = ?")) {
                forget.setString(1, componentId);
                forget.executeUpdate();
            }
            announce(connection, componentId);
            return true;
        });
        if (!written) {
            throw conflict(componentId, expected);
        }
        revisions.remove(componentId);
        removed.forEach(version -> deleteArtifactIfUnused(version.sha256()));
    }

    private RegistryConflictException conflict(String componentId, long expected) {
        refresh(componentId);
        long now = revision(componentId);
        return new RegistryConflictException(
                componentId,
                now,
                "component '" + componentId + "' was changed elsewhere (another replica) since revision " + expected
                        + (now == 0 ? "; it is removed now" : "; it is at revision " + now + " now")
                        + "; nothing was written: look at it again and retry");
    }

    private static void insertArtifact(Connection connection, NewArtifact artifact) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO airssys_wasm_artifact (sha256, size, content) VALUES (?, ?, ?)"
                        + " ON CONFLICT (sha256) DO NOTHING")) {
            insert.setString(1, artifact.sha256());
            insert.setLong(2, artifact.bytes().length);
            insert.setBytes(3, artifact.bytes());
            insert.executeUpdate();
        }
    }

    private static void announce(Connection connection, String componentId) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, componentId);
            notify.execute();
        }
    }

    /** Deletes an artifact no component uses any more; one another replica just took into use stays. */
    private void deleteArtifactIfUnused(String sha256) {
        try {
            Transactions.run(dataSource, connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM airssys_wasm_artifact a"
                        + " WHERE a.sha256 = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM airssys_wasm_component_artifact u WHERE u.sha256 = a.sha256)")) {
                    delete.setString(1, sha256);
                    return delete.executeUpdate();
                }
            });
            Files.deleteIfExists(cached(sha256));
        } catch (SQLException | IOException e) {
            log.debug("kept artifact {}: {}", sha256, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- artifacts

    @Override
    byte[] loadArtifact(StoredVersion version) throws IOException {
        Path file = cached(version.sha256());
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            if (Sha256.hex(bytes).equals(version.sha256())) {
                return bytes;
            }
            log.warn("the cached artifact of {} in {} is damaged; fetching it again", version.label(), file);
        }
        byte[] bytes = query(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT content FROM airssys_wasm_artifact WHERE sha256 = ?")) {
                select.setString(1, version.sha256());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new RegistryException(
                                "the artifact of " + version.label() + " is missing from " + location);
                    }
                    return row.getBytes(1);
                }
            }
        });
        if (Sha256.hex(bytes).equals(version.sha256())) {
            try {
                AtomicFileWriter.DEFAULT.write(file, bytes);
            } catch (IOException e) { // the bytes are good; only the next read will fetch them again
                log.warn("could not cache the artifact of {} in {}: {}", version.label(), file, e.getMessage());
            }
        }
        return bytes;
    }

    private Path cached(String sha256) {
        if (!RegistryState.SHA256.matcher(sha256).matches()) {
            throw new RegistryException("'" + sha256 + "' is not a SHA-256; refusing to use it as a file name");
        }
        return cache.resolve(sha256 + ".wasm");
    }

    // ---------------------------------------------------------------- replicas

    /** Records what {@code replica} serves of a component and the revision it has applied. */
    public void reportServing(String replica, String componentId, String serving, long revision) {
        query(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO airssys_wasm_replica (replica_id, component_id, serving, revision, seen_at)"
                            + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (replica_id, component_id)"
                            + " DO UPDATE SET serving = EXCLUDED.serving, revision = EXCLUDED.revision,"
                            + " seen_at = now()")) {
                upsert.setString(1, replica);
                upsert.setString(2, componentId);
                upsert.setString(3, serving);
                upsert.setLong(4, revision);
                return upsert.executeUpdate();
            }
        });
    }

    /** Marks every report of {@code replica} as seen now. */
    void markSeen(Connection connection, String replica) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE airssys_wasm_replica SET seen_at = now() WHERE replica_id = ?")) {
            update.setString(1, replica);
            update.executeUpdate();
        }
    }

    /** What each replica last reported serving of a component, by replica id. */
    public List<ReplicaStatus> replicas(String componentId) {
        return query(connection -> {
            List<ReplicaStatus> replicas = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT replica_id, serving, revision, seen_at FROM airssys_wasm_replica"
                            + " WHERE component_id = ? ORDER BY replica_id")) {
                select.setString(1, componentId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        replicas.add(new ReplicaStatus(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getLong(3),
                                rows.getTimestamp(4).toInstant()));
                    }
                }
            }
            return replicas;
        });
    }

    /**
     * Makes {@code replica} the driver of the component's automatic roll-out for {@code lease}:
     * taken from any other replica if {@code force} (a roll-out started here), otherwise only
     * renewed, or taken when no live replica holds it.
     *
     * @return whether {@code replica} drives it now
     */
    public boolean claimRollout(String componentId, String replica, Duration lease, boolean force) {
        return query(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(
                    "INSERT INTO airssys_wasm_rollout_driver (component_id, replica_id, expires_at)"
                            + " VALUES (?, ?, now() + make_interval(secs => ?)) ON CONFLICT (component_id) DO UPDATE"
                            + " SET replica_id = EXCLUDED.replica_id, expires_at = EXCLUDED.expires_at"
                            + (force
                                    ? ""
                                    : " WHERE airssys_wasm_rollout_driver.replica_id = EXCLUDED.replica_id"
                                            + " OR airssys_wasm_rollout_driver.expires_at < now()"))) {
                claim.setString(1, componentId);
                claim.setString(2, replica);
                claim.setDouble(3, lease.toMillis() / 1000.0);
                return claim.executeUpdate() == 1;
            }
        });
    }

    /** Forgets what {@code replica} reported and the roll-outs it drove, as it stops. */
    public void forgetReplica(String replica) {
        query(connection -> {
            for (String table : List.of("airssys_wasm_replica", "airssys_wasm_rollout_driver")) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + table + " WHERE replica_id = ?")) {
                    delete.setString(1, replica);
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    private boolean write(String componentId, Transactions.Work<Boolean> work) {
        try {
            return Transactions.run(dataSource, work);
        } catch (SQLException e) {
            throw new RegistryException(
                    "cannot write component '" + componentId + "' to " + location + ": " + e.getMessage(), e);
        }
    }

    private <T> T query(Transactions.Work<T> work) {
        try {
            return Transactions.run(dataSource, work);
        } catch (SQLException e) {
            throw new RegistryException(location + " failed: " + e.getMessage(), e);
        }
    }
}
