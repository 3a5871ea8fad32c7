package io.airssys.wasm.host;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Interrupts the thread running the application's code for a guest when the guest's call
 * deadline passes, so an implementation that waits (sleeps, blocking I/O, locks) stops there
 * on either engine. An interrupt it sent and nobody consumed is cleared afterwards, so it never
 * reaches later code on that thread; an interrupt from anyone else is left alone.
 *
 * <p>One daemon thread watches every call in flight, looking each millisecond while there are
 * any (and for a second after the last) and sleeping otherwise, so arming costs a set insertion
 * rather than a timer.
 */
final class DeadlineInterrupts {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Set<Alarm> ARMED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean IDLE = new AtomicBoolean();
    private static final Thread WATCHER = watcher();

    private DeadlineInterrupts() {}

    static <T> T within(Duration remaining, Callable<T> work) throws Exception {
        Alarm alarm = new Alarm(Thread.currentThread(), System.nanoTime() + remaining.toNanos());
        ARMED.add(alarm);
        if (IDLE.compareAndSet(true, false)) {
            LockSupport.unpark(WATCHER);
        }
        try {
            return work.call();
        } finally {
            ARMED.remove(alarm);
            if (alarm.silence()) {
                Thread.interrupted();
            }
        }
    }

    private static Thread watcher() {
        Thread thread = new Thread(DeadlineInterrupts::watch, "airssys-wasm-host-deadline");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void watch() {
        long lastBusy = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (ARMED.isEmpty()) {
                // keep ticking a while after the last call, so calls in quick succession never wake it
                if (now - lastBusy > LINGER_NANOS) {
                    IDLE.set(true);
                    if (ARMED.isEmpty()) {
                        LockSupport.park();
                    }
                    IDLE.set(false);
                    lastBusy = System.nanoTime();
                    continue;
                }
            } else {
                lastBusy = now;
                for (Alarm alarm : ARMED) {
                    if (now - alarm.deadline >= 0) {
                        alarm.ring();
                    }
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    /** Rings at most once, and never after the work is done. */
    private static final class Alarm {
        private final Thread target;
        private final long deadline;
        private boolean done;
        private boolean rang;

        Alarm(Thread target, long deadline) {
            this.target = target;
            this.deadline = deadline;
        }

        synchronized void ring() {
            if (!done && !rang) {
                rang = true;
                target.interrupt();
            }
        }

        /** Stops the alarm; true if it rang, so its interrupt is ours to clear. */
        synchronized boolean silence() {
            done = true;
            return rang;
        }
    }
}
