package io.airssys.wasm.deployment;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version taking part in routing, with its call counters. Callers {@link #tryEnter()}
 * before a call and {@link #exit} after; once {@link #drain() draining}, no call may enter and
 * the version is closed when the last in-flight call exits.
 */
final class Deployment<V extends LiveVersion> {

    private static final Logger log = LoggerFactory.getLogger(Deployment.class);

    private final V version;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean draining;

    Deployment(V version) {
        this.version = version;
    }

    V version() {
        return version;
    }

    boolean tryEnter() {
        inFlight.incrementAndGet();
        if (draining) {
            leave();
            return false;
        }
        return true;
    }

    void exit(boolean failed) {
        calls.incrementAndGet();
        if (failed) {
            failures.incrementAndGet();
        }
        leave();
    }

    /** Ends a probe (a health check): not a call, so not counted. */
    void exitUncounted() {
        leave();
    }

    private void leave() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            closeOnce();
        }
    }

    /** Stops new calls and closes the version as soon as none is in flight. */
    void drain() {
        draining = true;
        if (inFlight.get() == 0) {
            closeOnce();
        }
    }

    private void closeOnce() {
        if (closed.compareAndSet(false, true)) {
            log.debug("{} drained, closing", version.label());
            version.close();
        }
    }

    VersionStats stats(VersionStats.Role role, int percent) {
        return new VersionStats(version.version(), role, percent, calls.get(), failures.get(), inFlight.get());
    }
}
