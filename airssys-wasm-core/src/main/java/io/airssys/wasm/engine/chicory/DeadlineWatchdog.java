package io.airssys.wasm.engine.chicory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops guest calls at their deadline by interrupting the thread running them (Chicory checks
 * the interrupt flag as it runs and ends the call). One thread per engine, checking every tick
 * the {@link Guard} of each live instance, and again every tick until an overdue call has
 * stopped. An interrupt lands only while the guarded call is still running: arming, disarming
 * and interrupting are serialized on the guard, and disarming clears the flag. Registering once per instance keeps the per-call cost to two uncontended locks.
 */
final class DeadlineWatchdog implements AutoCloseable {

    private final long tickNanos;
    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean open = true;

    DeadlineWatchdog(Duration tick) {
        this.tickNanos = tick.toNanos();
        this.thread = new Thread(this::run, "airssys-wasm-chicory-watchdog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A guard for one instance's calls; close it with the instance. */
    Guard register() {
        Guard guard = new Guard();
        guards.add(guard);
        return guard;
    }

    private void run() {
        while (open) {
            long now = System.nanoTime();
            for (Guard guard : guards) {
                guard.interruptIfOverdue(now);
            }
            LockSupport.parkNanos(tickNanos);
        }
    }

    @Override
    public void close() {
        open = false;
        LockSupport.unpark(thread);
    }

    /** Watches the calls of one instance, one at a time. */
    final class Guard implements AutoCloseable {

        private Thread thread;
        private long deadlineNanos;
        private boolean active;
        private boolean interrupted;

        /** A call on the current thread that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
        void arm(long deadlineNanos) {
            Thread.interrupted(); // a stale flag would stop the call at once
            synchronized (this) {
                this.thread = Thread.currentThread();
                this.deadlineNanos = deadlineNanos;
                this.active = true;
                this.interrupted = false;
            }
        }

        /**
         * Ends the call: no interrupt of this guard can land after this, and none is left
         * pending. An interrupt this guard did not send (the application's own, or an outer
         * call's deadline on the same thread) is left for whoever it was meant for.
         */
        void disarm() {
            boolean sentOne;
            synchronized (this) {
                active = false;
                thread = null;
                sentOne = interrupted;
            }
            if (Thread.interrupted() && !sentOne) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether the watchdog stopped the last call. */
        synchronized boolean wasInterrupted() {
            return interrupted;
        }

        /**
         * Interrupts again at every tick while the call runs past its deadline: another guarded
         * call on the same thread (a component called from this one's host function) clears the
         * flag when it ends, and this call must still stop.
         */
        private synchronized void interruptIfOverdue(long now) {
            if (active && now - deadlineNanos >= 0) {
                interrupted = true;
                thread.interrupt();
            }
        }

        @Override
        public void close() {
            guards.remove(this);
        }
    }
}
