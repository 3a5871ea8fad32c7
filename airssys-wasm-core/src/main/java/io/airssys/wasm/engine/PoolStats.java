package io.airssys.wasm.engine;

/**
 * A snapshot of an {@link InstancePool}.
 *
 * @param maxInstances the pool's size limit
 * @param idle         instances ready for the next call
 * @param inUse        instances currently held by callers
 * @param created      instances created since the pool was made
 * @param discarded    instances thrown away after a trap, timeout or failure, or at close
 */
public record PoolStats(int maxInstances, int idle, int inUse, long created, long discarded) {}
