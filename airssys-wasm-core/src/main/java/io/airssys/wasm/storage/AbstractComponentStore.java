package io.airssys.wasm.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quota and key rules shared by stores over a map per namespace. Writes to one
 * namespace are serialized, so the size check and the write happen as one step.
 */
abstract class AbstractComponentStore implements ComponentStore {

    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> usage = new ConcurrentHashMap<>();

    /** The namespace's entries, created on first use. */
    protected abstract Map<String, byte[]> map(String namespace);

    /** The namespace's keys in order, starting at {@code from} (inclusive). */
    protected abstract Iterator<String> keysFrom(String namespace, String from);

    /** Drops the namespace's entries and the namespace itself. */
    protected abstract void drop(String namespace);

    /** Makes writes so far durable, where the store persists. */
    protected void commit() {}

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        return Optional.ofNullable(map(namespace).get(key)).map(byte[]::clone);
    }

    @Override
    public void put(String namespace, String key, byte[] value, long quotaBytes) {
        ComponentStore.checkKey(key);
        synchronized (lock(namespace)) {
            Map<String, byte[]> map = map(namespace);
            long[] used = usage(namespace, map);
            byte[] previous = map.get(key);
            long growth = ComponentStore.entrySize(key, value)
                    - (previous == null ? 0 : ComponentStore.entrySize(key, previous));
            if (used[1] + growth > quotaBytes) {
                throw new StorageQuotaExceededException(namespace, used[1] + growth, quotaBytes);
            }
            map.put(key, value.clone());
            commit();
            used[0] += previous == null ? 1 : 0;
            used[1] += growth;
        }
    }

    @Override
    public boolean delete(String namespace, String key) {
        synchronized (lock(namespace)) {
            Map<String, byte[]> map = map(namespace);
            long[] used = usage(namespace, map);
            byte[] previous = map.remove(key);
            if (previous == null) {
                return false;
            }
            commit();
            used[0]--;
            used[1] -= ComponentStore.entrySize(key, previous);
            return true;
        }
    }

    @Override
    public boolean exists(String namespace, String key) {
        return map(namespace).containsKey(key);
    }

    @Override
    public List<String> keys(String namespace, String prefix) {
        String start = Objects.requireNonNull(prefix, "prefix (\"\" for every key)");
        List<String> keys = new ArrayList<>();
        Iterator<String> iterator = keysFrom(namespace, start);
        while (iterator.hasNext()) {
            String key = iterator.next();
            if (!key.startsWith(start)) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    @Override
    public void deleteNamespace(String namespace) {
        synchronized (lock(namespace)) {
            drop(namespace);
            commit();
            usage.remove(namespace);
        }
    }

    @Override
    public StorageUsage usage(String namespace) {
        synchronized (lock(namespace)) {
            long[] used = usage(namespace, map(namespace));
            return new StorageUsage(used[0], used[1]);
        }
    }

    private long[] usage(String namespace, Map<String, byte[]> map) {
        return usage.computeIfAbsent(namespace, ns -> {
            long keys = 0;
            long bytes = 0;
            for (var entry : map.entrySet()) {
                keys++;
                bytes += ComponentStore.entrySize(entry.getKey(), entry.getValue());
            }
            return new long[] {keys, bytes};
        });
    }

    private Object lock(String namespace) {
        return locks.computeIfAbsent(namespace, ns -> new Object());
    }
}
