package io.airssys.wasm.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Sizing and timeouts of an {@link InstancePool}.
 *
 * @param maxInstances   instances that may exist at once, so concurrent calls at most
 * @param acquireTimeout how long a call waits for a free instance before failing
 * @param callTimeout    how long one guest call may run before it is interrupted
 */
public record PoolSettings(int maxInstances, Duration acquireTimeout, Duration callTimeout) {

    public PoolSettings {
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1, was " + maxInstances);
        }
        if (acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquireTimeout must not be negative, was " + acquireTimeout);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
        }
    }

    /** 4 instances, 5 s to acquire one, 1 s per call. */
    public static PoolSettings defaults() {
        return new PoolSettings(4, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public PoolSettings withMaxInstances(int value) {
        return new PoolSettings(value, acquireTimeout, callTimeout);
    }

    public PoolSettings withAcquireTimeout(Duration value) {
        return new PoolSettings(maxInstances, value, callTimeout);
    }

    public PoolSettings withCallTimeout(Duration value) {
        return new PoolSettings(maxInstances, acquireTimeout, value);
    }
}
