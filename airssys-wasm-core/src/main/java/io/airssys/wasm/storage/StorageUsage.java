package io.airssys.wasm.storage;

/** How much of its store a component uses: entries and bytes (keys plus values). */
public record StorageUsage(long keys, long bytes) {}
