package io.airssys.wasm.engine.chicory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops guest calls at their deadline by interrupting the thread running them (Chicory checks
 * the interrupt flag as it runs and ends the call). One thread per engine, checking every tick.
 * An interrupt lands only while its call is still running: arming, ending and interrupting a
 * call are serialized on it, and ending clears the flag.
 */
final class DeadlineWatchdog implements AutoCloseable {

    private final long tickNanos;
    private final Set<Call> running = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean open = true;

    DeadlineWatchdog(Duration tick) {
        this.tickNanos = tick.toNanos();
        this.thread = new Thread(this::run, "airssys-wasm-chicory-watchdog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A call on the current thread that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
    Call start(long deadlineNanos) {
        Thread.interrupted(); // a stale flag would stop the call at once
        Call call = new Call(Thread.currentThread(), deadlineNanos);
        running.add(call);
        return call;
    }

    private void run() {
        while (open) {
            long now = System.nanoTime();
            for (Call call : running) {
                call.interruptIfOverdue(now);
            }
            LockSupport.parkNanos(tickNanos);
        }
    }

    @Override
    public void close() {
        open = false;
        LockSupport.unpark(thread);
    }

    /** One armed call. */
    final class Call implements AutoCloseable {

        private final Thread thread;
        private final long deadlineNanos;
        private boolean active = true;
        private boolean interrupted;

        private Call(Thread thread, long deadlineNanos) {
            this.thread = thread;
            this.deadlineNanos = deadlineNanos;
        }

        private synchronized void interruptIfOverdue(long now) {
            if (active && !interrupted && now - deadlineNanos >= 0) {
                interrupted = true;
                thread.interrupt();
            }
        }

        /** Whether the watchdog stopped this call. */
        synchronized boolean wasInterrupted() {
            return interrupted;
        }

        /** Ends the call: no interrupt can land after this, and none is left pending. */
        @Override
        public void close() {
            synchronized (this) {
                active = false;
            }
            running.remove(this);
            Thread.interrupted();
        }
    }
}
