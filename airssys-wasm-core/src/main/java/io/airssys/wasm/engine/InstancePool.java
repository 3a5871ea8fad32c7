package io.airssys.wasm.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances of one compiled module, each with its own store, lent to one caller at a time.
 * Instances are created on demand up to {@link PoolSettings#maxInstances()}; a caller that
 * finds none free waits up to {@link PoolSettings#acquireTimeout()}. An instance whose lease
 * ended in any exception (trap, timeout, host failure, bad arguments) is discarded and a fresh
 * one is created on a later demand, so one bad call never affects the next. Guest code, from
 * instantiation on, runs on the engine's guest threads, never on the caller's. Thread-safe.
 */
public final class InstancePool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstancePool.class);

    private final CompiledModule module;
    private final PoolSettings settings;
    private final List<HostFunction> linkedImports;
    private final Semaphore permits;
    private final IdleInstances idle = new IdleInstances();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    /** The linear memory of the live instances, each as it was after its last call. */
    private final AtomicLong memoryBytes = new AtomicLong();

    private final AtomicLong memoryCountedAt = new AtomicLong(System.nanoTime());
    private static final long MEMORY_COUNT_MILLIS = 100;
    /** Notified when an instance comes back while callers wait for a particular one. */
    private final Object returned = new Object();
    /** Callers waiting on {@link #returned}; while none, returning an instance notifies nobody. */
    private final AtomicInteger waitingForPinned = new AtomicInteger();

    private volatile boolean closed;

    /**
     * @throws WasmLinkException if the module imports something {@code hostFunctions} does not provide
     */
    public InstancePool(CompiledModule module, Collection<HostFunction> hostFunctions, PoolSettings settings) {
        this.module = Objects.requireNonNull(module, "module");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.linkedImports = ImportLinker.link(module, hostFunctions);
        this.permits = new Semaphore(settings.maxInstances(), true);
    }

    public CompiledModule module() {
        return module;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** Calls an exported function on a pooled instance; see {@link WasmInstance#call(String, Object...)}. */
    public Object[] call(String function, Object... args) {
        return withInstance(instance -> instance.call(function, args));
    }

    /**
     * Runs {@code task} with an instance held exclusively, then returns it to the pool, or
     * discards it if the task threw.
     *
     * @throws InstanceUnavailableException if no instance is free within the acquire timeout
     */
    public <R> R withInstance(InstanceTask<R> task) {
        acquirePermit();
        return runHeld(this::takeOrCreate, task, permits::release);
    }

    /**
     * Runs {@code task} on {@code pinned}, a particular instance of this pool (the one holding a
     * resource, say), waiting up to the acquire timeout for it to be free; with null, on any
     * instance, as {@link #withInstance(InstanceTask)}.
     *
     * @throws InstanceUnavailableException if the instance was discarded or the pool closed, or
     *                                      it stayed busy past the acquire timeout
     */
    public <R> R withInstance(WasmInstance pinned, InstanceTask<R> task) {
        if (pinned == null) {
            return withInstance(task);
        }
        acquirePermit();
        boolean taken = false;
        try {
            takePinned(pinned);
            taken = true;
        } finally {
            if (!taken) {
                permits.release();
            }
        }
        return runHeld(() -> pinned, task, () -> release(pinned, true));
    }

    /**
     * Runs {@code task} on a guest thread with the instance {@code instance} gives (a permit is
     * held), then returns or discards it; {@code notStarted} undoes the hold if no guest thread
     * took the task.
     */
    private <R> R runHeld(Supplier<WasmInstance> instance, InstanceTask<R> task, Runnable notStarted) {
        AtomicBoolean started = new AtomicBoolean();
        try {
            return module.engine().guestThreads().run(module.name(), () -> {
                started.set(true);
                WasmInstance held;
                try {
                    held = instance.get();
                } catch (RuntimeException | Error e) {
                    permits.release();
                    throw e;
                }
                boolean reusable = false;
                try {
                    R value = task.run(held);
                    reusable = !held.isPoisoned();
                    return value;
                } finally {
                    if (reusable) {
                        countMemory(held);
                    }
                    release(held, reusable);
                }
            });
        } finally {
            if (!started.get()) {
                notStarted.run();
            }
        }
    }

    /** Takes {@code pinned} out of the idle instances, waiting while another caller holds it. */
    private void takePinned(WasmInstance pinned) {
        long deadline = System.nanoTime() + settings.acquireTimeout().toNanos();
        synchronized (returned) {
            waitingForPinned.incrementAndGet(); // before looking, so a return after the look notifies
            try {
                waitForPinned(pinned, deadline);
            } finally {
                waitingForPinned.decrementAndGet();
            }
        }
    }

    /** Waits, holding {@link #returned}, until {@code pinned} is idle and takes it. */
    private void waitForPinned(WasmInstance pinned, long deadline) {
        while (!idle.remove(pinned)) {
            ensureOpen();
            if (pinned.isClosed() || pinned.isPoisoned()) {
                throw new InstanceUnavailableException("the instance of '" + module.name()
                        + "' this call needs (it holds the resource called) was discarded after a failed call,"
                        + " and its resources with it");
            }
            long waitNanos = deadline - System.nanoTime();
            if (waitNanos <= 0) {
                throw new InstanceUnavailableException("the instance of '" + module.name()
                        + "' this call needs (it holds the resource called) stayed busy for "
                        + settings.acquireTimeout().toMillis() + " ms");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(returned, waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstanceUnavailableException(
                        "interrupted while waiting for an instance of '" + module.name() + "'");
            }
        }
    }

    /**
     * Creates instances until {@code count} are idle (at most the pool size), so the first
     * calls do not pay for instantiation and any start-up trap surfaces now.
     */
    public void warmUp(int count) {
        int target = Math.min(count, settings.maxInstances());
        int held = 0;
        try {
            for (; held < target; held++) {
                acquirePermit();
            }
            module.engine().guestThreads().run(module.name(), () -> {
                List<WasmInstance> made = new ArrayList<>(target);
                try {
                    for (int i = 0; i < target; i++) {
                        made.add(takeOrCreate());
                    }
                } finally {
                    made.forEach(instance -> {
                        if (closed) {
                            discard(instance);
                        } else {
                            idle.offer(instance);
                        }
                    });
                }
                return null;
            });
        } finally {
            permits.release(held);
        }
    }

    public PoolStats stats() {
        int inUse = settings.maxInstances() - permits.availablePermits();
        return new PoolStats(
                settings.maxInstances(), idle.size(), inUse, created.get(), discarded.get(), memoryBytes.get());
    }

    private void acquirePermit() {
        ensureOpen();
        try {
            if (!permits.tryAcquire(settings.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InstanceUnavailableException("no instance of '" + module.name() + "' became free within "
                        + settings.acquireTimeout().toMillis() + " ms (all " + settings.maxInstances() + " busy)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceUnavailableException(
                    "interrupted while waiting for an instance of '" + module.name() + "'");
        }
    }

    /** An idle instance or a new one; runs on a guest thread, with a permit held. */
    private WasmInstance takeOrCreate() {
        ensureOpen();
        WasmInstance instance = idle.poll();
        if (instance == null) {
            instance = new WasmInstance(module, linkedImports, settings.callTimeout());
            created.incrementAndGet();
        }
        return instance;
    }

    private void release(WasmInstance instance, boolean reusable) {
        try {
            if (reusable && !closed) {
                idle.offer(instance);
                if (closed) {
                    disposeIdle();
                }
            } else {
                discard(instance);
            }
        } finally {
            permits.release();
            if (waitingForPinned.get() > 0) {
                synchronized (returned) {
                    returned.notifyAll(); // a caller may be waiting for this very instance
                }
            }
        }
    }

    private void discard(WasmInstance instance) {
        instance.close();
        discarded.incrementAndGet();
        memoryBytes.addAndGet(-instance.countedMemoryBytes);
        instance.countedMemoryBytes = 0;
    }

    /**
     * Counts the memory {@code instance} has after a call, on the guest thread that made it: an
     * instance's first call always, then at most every {@value #MEMORY_COUNT_MILLIS} ms per pool,
     * so the statistic costs nothing measurable per call. The time is when the call started, to
     * save reading the clock again.
     */
    private void countMemory(WasmInstance instance) {
        long nowNanos = instance.callStartedNanos();
        long last = memoryCountedAt.get();
        boolean due =
                nowNanos - last >= MEMORY_COUNT_MILLIS * 1_000_000L && memoryCountedAt.compareAndSet(last, nowNanos);
        if (!due && instance.countedMemoryBytes != 0) {
            return;
        }
        long size;
        try {
            size = instance.memoryBytes();
        } catch (RuntimeException e) {
            return; // only a statistic; a later call counts again
        }
        memoryBytes.addAndGet(size - instance.countedMemoryBytes);
        instance.countedMemoryBytes = size;
    }

    private void disposeIdle() {
        WasmInstance instance;
        while ((instance = idle.poll()) != null) {
            discard(instance);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new InstanceUnavailableException("the instance pool of '" + module.name() + "' is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the pool, first running {@code lastCall} on each idle instance (on a guest thread,
     * under the call timeout), e.g. a component's {@code shutdown}; what it throws is logged and
     * the instance discarded all the same. Instances busy now are discarded when returned.
     */
    public void close(InstanceTask<?> lastCall) {
        closed = true;
        WasmInstance instance;
        while ((instance = idle.poll()) != null) {
            WasmInstance last = instance;
            try {
                module.engine().guestThreads().run(module.name(), () -> lastCall.run(last));
            } catch (RuntimeException e) {
                log.warn("the last call on an instance of {} failed; discarding it anyway", module.name(), e);
            } finally {
                discard(last);
            }
        }
        close();
    }

    /** Disposes idle instances now and busy ones as their callers return them. */
    @Override
    public void close() {
        closed = true;
        disposeIdle();
        synchronized (returned) {
            returned.notifyAll();
        }
    }
}
