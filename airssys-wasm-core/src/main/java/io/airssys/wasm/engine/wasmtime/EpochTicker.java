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
    private final Thread thread;
    private volatile boolean running = true;
    /** Ticks issued so far; each is counted here just after the engine's epoch advanced. */
    private volatile long issued;

    EpochTicker(Engine engine, Duration tick) {
        this.engine = engine;
        this.tickNanos = tick.toNanos();
        this.thread = new Thread(this::run, "airssys-wasm-epoch-ticker");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        while (running) {
            long due = (System.nanoTime() - start) / tickNanos;
            while (issued < due && running) {
                engine.incrementEpoch();
                issued = issued + 1; // the only writer
            }
            LockSupport.parkNanos(start + (issued + 1) * tickNanos - System.nanoTime());
        }
        log.debug("epoch ticker stopped after {} ticks", issued);
    }

    /** The engine's epoch as last counted here: it equals the engine's or trails it by one. */
    long epoch() {
        return issued;
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
