package io.airssys.wasm.host;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread running the application's code for a guest when the guest's call
 * deadline passes, so an implementation that waits (sleeps, blocking I/O, locks) stops there
 * on either engine. An interrupt it sent and nobody consumed is cleared afterwards, so it never
 * reaches later code on that thread; an interrupt from anyone else is left alone.
 */
final class DeadlineInterrupts {

    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "airssys-wasm-host-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private DeadlineInterrupts() {}

    static <T> T within(Duration remaining, Callable<T> work) throws Exception {
        Alarm alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> scheduled = ALARMS.schedule(alarm::ring, remaining.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return work.call();
        } finally {
            scheduled.cancel(false);
            if (alarm.silence()) {
                Thread.interrupted();
            }
        }
    }

    /** Rings at most once, and never after the work is done. */
    private static final class Alarm {
        private final Thread target;
        private boolean done;
        private boolean rang;

        Alarm(Thread target) {
            this.target = target;
        }

        synchronized void ring() {
            if (!done) {
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
