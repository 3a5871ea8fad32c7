package io.airssys.wasm.engine.wasmtime;

import io.github.kawamuray.wasmtime.Engine;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread per engine that advances the epoch. It counts ticks against the clock
 * rather than per sleep, so oversleeping does not stretch timeouts.
 */
final class EpochTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EpochTicker.class);

    private final Engine engine;
    private final long tickNanos;
    /** When tick 0 was due; tick n is due {@code n} ticks later. */
    private final long startNanos;

    private final Thread thread;
    private volatile boolean running = true;
    /** Ticks issued so far; each is counted here just after the engine's epoch advanced. */
    private volatile long issued;

    EpochTicker(Engine engine, Duration tick) {
        this.engine = engine;
        this.tickNanos = tick.toNanos();
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::run, "airssys-wasm-epoch-ticker");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            long due = dueAt(System.nanoTime());
            while (issued < due && running) {
                engine.incrementEpoch();
                issued = issued + 1; // the only writer
            }
            LockSupport.parkNanos(startNanos + (issued + 1) * tickNanos - System.nanoTime());
        }
        log.debug("epoch ticker stopped after {} ticks", issued);
    }

    /** The engine's epoch as last counted here: it equals the engine's or trails it by one. */
    long epoch() {
        return issued;
    }

    /**
     * The epoch due at {@code nanos} ({@link System#nanoTime()}): what {@link #epoch()} will be once
     * this thread has caught up; it lags when the thread was not scheduled for a while.
     */
    long dueAt(long nanos) {
        return (nanos - startNanos) / tickNanos;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
