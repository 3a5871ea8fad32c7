package io.airssys.wasm.storage;

import io.airssys.wasm.sql.Transactions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Component storage in a relational database (PostgreSQL), shared by every replica of an
 * application: one transaction per write, which locks the namespace's usage row, so the quota
 * holds across replicas and the writes to one key are linearizable (each sees the one before).
 * Reads see the last committed write. The schema is created and upgraded by Flyway migrations
 * shipped in the jar, in a history table of its own ({@value #HISTORY_TABLE}), so they live
 * beside the application's own. The {@link DataSource} belongs to the application; closing the
 * store leaves it open. Thread-safe.
 */
public final class JdbcComponentStore implements ComponentStore {

    static final String HISTORY_TABLE = "airssys_wasm_store_schema_history";
    private static final String MIGRATIONS = "io/airssys/wasm/storage/db";

    private final DataSource dataSource;
    private volatile boolean closed;

    private JdbcComponentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A store on {@code dataSource}, its schema created or upgraded first.
     *
     * @throws IllegalStateException if the database cannot be reached or migrated
     */
    public static JdbcComponentStore open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Transactions.migrate(dataSource, MIGRATIONS, HISTORY_TABLE);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot prepare the component storage tables: " + e.getMessage(), e);
        }
        return new JdbcComponentStore(dataSource);
    }

    /** Runs {@code work} in one transaction, committed if it returns and rolled back if it throws. */
    private <T> T transaction(Transactions.Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the component store is closed");
        }
        try {
            return Transactions.run(dataSource, work);
        } catch (SQLException e) {
            throw new IllegalStateException("component storage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        return transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT entry_value FROM airssys_wasm_store_entry WHERE namespace = ? AND entry_key = ?")) {
                select.setString(1, namespace);
                select.setString(2, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String namespace, String key, byte[] value, long quotaBytes) {
        ComponentStore.checkKey(key);
        byte[] copy = value.clone();
        transaction(connection -> {
            long[] used = lockUsage(connection, namespace);
            Optional<Long> previous = storedSize(connection, namespace, key);
            long growth = ComponentStore.entrySize(key, copy)
                    - previous.map(size -> keyBytes(key) + size).orElse(0L);
            if (used[1] + growth > quotaBytes) {
                throw new StorageQuotaExceededException(namespace, used[1] + growth, quotaBytes);
            }
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO airssys_wasm_store_entry (namespace, entry_key, entry_value) VALUES (?, ?, ?)"
                            + " ON CONFLICT (namespace, entry_key) DO UPDATE SET entry_value = EXCLUDED.entry_value")) {
                upsert.setString(1, namespace);
                upsert.setString(2, key);
                upsert.setBytes(3, copy);
                upsert.executeUpdate();
            }
            updateUsage(connection, namespace, previous.isEmpty() ? 1 : 0, growth);
            return null;
        });
    }

    @Override
    public boolean delete(String namespace, String key) {
        return transaction(connection -> {
            lockUsage(connection, namespace);
            Optional<Long> previous = storedSize(connection, namespace, key);
            if (previous.isEmpty()) {
                return false;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM airssys_wasm_store_entry WHERE namespace = ? AND entry_key = ?")) {
                delete.setString(1, namespace);
                delete.setString(2, key);
                delete.executeUpdate();
            }
            updateUsage(connection, namespace, -1, -(keyBytes(key) + previous.get()));
            return true;
        });
    }

    @Override
    public boolean exists(String namespace, String key) {
        return get(namespace, key).isPresent();
    }

    @Override
    public List<String> keys(String namespace, String prefix) {
        String start = Objects.requireNonNull(prefix, "prefix (\"\" for every key)");
        return transaction(connection -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT entry_key FROM airssys_wasm_store_entry"
                    + " WHERE namespace = ? AND entry_key >= ? ORDER BY entry_key")) {
                select.setString(1, namespace);
                select.setString(2, start);
                select.setFetchSize(256);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String key = rows.getString(1);
                        if (!key.startsWith(start)) {
                            break;
                        }
                        keys.add(key);
                    }
                }
            }
            return keys;
        });
    }

    @Override
    public StorageUsage usage(String namespace) {
        return transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT entries, bytes FROM airssys_wasm_store_namespace WHERE namespace = ?")) {
                select.setString(1, namespace);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? new StorageUsage(row.getLong(1), row.getLong(2)) : new StorageUsage(0, 0);
                }
            }
        });
    }

    @Override
    public void deleteNamespace(String namespace) {
        transaction(connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM airssys_wasm_store_namespace WHERE namespace = ?")) {
                delete.setString(1, namespace);
                delete.executeUpdate(); // its entries go with it (ON DELETE CASCADE)
            }
            return null;
        });
    }

    /** Creates the namespace's usage row if needed and locks it for the transaction; returns entries and bytes. */
    private static long[] lockUsage(Connection connection, String namespace) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO airssys_wasm_store_namespace (namespace) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, namespace);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT entries, bytes FROM airssys_wasm_store_namespace WHERE namespace = ? FOR UPDATE")) {
            select.setString(1, namespace);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        }
    }

    /** The size of the value stored under the key, if any. */
    private static Optional<Long> storedSize(Connection connection, String namespace, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT octet_length(entry_value)"
                + " FROM airssys_wasm_store_entry WHERE namespace = ? AND entry_key = ?")) {
            select.setString(1, namespace);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void updateUsage(Connection connection, String namespace, long entries, long bytes)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE airssys_wasm_store_namespace"
                + " SET entries = entries + ?, bytes = bytes + ? WHERE namespace = ?")) {
            update.setLong(1, entries);
            update.setLong(2, bytes);
            update.setString(3, namespace);
            update.executeUpdate();
        }
    }

    private static long keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Stops using the store; the application's DataSource stays open. */
    @Override
    public void close() {
        closed = true;
    }
}
