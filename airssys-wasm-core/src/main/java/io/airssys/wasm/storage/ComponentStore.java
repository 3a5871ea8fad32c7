package io.airssys.wasm.storage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Key-value storage with one namespace per component. Writes are checked against a quota on
 * the namespace's total size (keys plus values, in bytes): a write that would exceed it is
 * refused and changes nothing. Implementations are thread-safe.
 */
public interface ComponentStore extends AutoCloseable {

    /** Longest key, in UTF-8 bytes. */
    int MAX_KEY_BYTES = 1024;

    Optional<byte[]> get(String namespace, String key);

    /**
     * @throws StorageQuotaExceededException if the namespace would exceed {@code quotaBytes}
     * @throws IllegalArgumentException      if the key is empty, too long or holds control characters
     */
    void put(String namespace, String key, byte[] value, long quotaBytes);

    /** Returns whether the key existed. */
    boolean delete(String namespace, String key);

    boolean exists(String namespace, String key);

    /** Every key, in lexicographic order. */
    default List<String> keys(String namespace) {
        return keys(namespace, "");
    }

    /** Keys starting with {@code prefix} ({@code ""} for all), in lexicographic order. */
    List<String> keys(String namespace, String prefix);

    StorageUsage usage(String namespace);

    /** Deletes everything the namespace holds, e.g. when its component is removed for good. */
    void deleteNamespace(String namespace);

    @Override
    void close();

    /** Checks a key against the rules every implementation applies. */
    static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("key must not contain control characters");
        }
    }

    /** Bytes an entry counts against the quota. */
    static long entrySize(String key, byte[] value) {
        return key.getBytes(StandardCharsets.UTF_8).length + (long) value.length;
    }
}
