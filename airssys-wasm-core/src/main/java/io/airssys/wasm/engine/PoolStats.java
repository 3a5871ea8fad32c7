package io.airssys.wasm.engine;

/**
 * A snapshot of an {@link InstancePool}.
 *
 * @param maxInstances the pool's size limit
 * @param idle         instances ready for the next call
 * @param inUse        instances currently held by callers
 * @param created      instances created since the pool was made
 * @param discarded    instances thrown away after a trap, timeout or failure, or at close
 * @param memoryBytes  the linear memory of the live instances, counted after calls (an instance's
 *                     first, then one at most every 100 ms per pool; one never called counts nothing)
 */
public record PoolStats(int maxInstances, int idle, int inUse, long created, long discarded, long memoryBytes) {}
