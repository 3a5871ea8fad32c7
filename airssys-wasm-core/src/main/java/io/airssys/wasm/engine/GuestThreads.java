package io.airssys.wasm.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads guest code runs on. Native guest code uses the stack of the thread that enters
 * it, and an engine cannot tell how much of a foreign thread's stack is left: a caller with a
 * small stack ({@code -Xss256k}), or one already deep in Java frames, would let a recursive
 * guest run off the end of the stack and crash the JVM. So every call is handed to one of
 * these threads, each with a stack known to hold the guest's whole stack allowance plus the
 * host frames of its nested host calls. An engine that runs guest code on the Java stack
 * (Chicory, where an overflow is a {@code StackOverflowError} the engine turns into a trap)
 * needs none of this: its tasks run on the caller's thread.
 *
 * <p>The hand-off is built for latency, since it is paid on every call: a caller claims an idle
 * thread and gives it the task through the thread's own fields, where the result comes back
 * too, so one call moves little more than one cache line each way. Both sides wait actively
 * for a short while (spinning, then yielding the processor to anything else runnable) before
 * they park, and wake the other only if it parked, since waking a parked thread costs tens of
 * microseconds on a virtual machine. Threads are made on demand up to a maximum and end after
 * being idle for a while (30 s by default); a call finding all of them busy is refused, never
 * queued. Callers look for idle threads from the first slot up, so the threads that were just
 * busy, still spinning, are found first and the rest can retire.
 */
final class GuestThreads implements AutoCloseable {

    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** A caller waits actively this long: most calls end within it, and a yield costs others little. */
    private static final long CALLER_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** An idle guest thread waits actively this long for the next call before it parks. */
    private static final long WORKER_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    static final Duration DEFAULT_IDLE_TIME = Duration.ofSeconds(30);

    private final long stackBytes;
    private final int maxThreads;
    private final boolean onCallerThread;
    private final long idleNanos;
    /** Live threads by slot; a free slot is null. */
    private final AtomicReferenceArray<Worker> slots;
    /** One past the highest slot ever used, so callers scan no further. */
    private final AtomicInteger slotsUsed = new AtomicInteger();

    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param onCallerThread run each task on its caller's thread instead (for an engine whose
     *                       guest code cannot overflow a native stack), saving the hand-off
     */
    GuestThreads(long stackBytes, int maxThreads, boolean onCallerThread) {
        this(stackBytes, maxThreads, onCallerThread, DEFAULT_IDLE_TIME);
    }

    GuestThreads(long stackBytes, int maxThreads, boolean onCallerThread, Duration idleTime) {
        this.stackBytes = stackBytes;
        this.maxThreads = maxThreads;
        this.onCallerThread = onCallerThread;
        this.idleNanos = idleTime.toNanos();
        this.slots = new AtomicReferenceArray<>(onCallerThread ? 0 : maxThreads);
    }

    long stackBytes() {
        return stackBytes;
    }

    int maxThreads() {
        return maxThreads;
    }

    /** Threads alive now, busy or idle. */
    int threads() {
        return threads.get();
    }

    /**
     * Runs {@code task} on a guest thread and waits for it. The wait is not cut short by an
     * interrupt (the task holds an instance and always ends within its call deadline); the
     * interrupt is kept for the caller. Whatever the task throws, {@code Error}s included, is
     * rethrown unchanged.
     *
     * @throws InstanceUnavailableException if every guest thread is busy or the engine is closed
     */
    <R> R run(String module, InstanceTaskBody<R> task) {
        if (closed) {
            throw new InstanceUnavailableException("cannot run '" + module + "': the engine is closed");
        }
        if (onCallerThread) {
            return runOnCaller(task);
        }
        Worker worker = claimIdle();
        if (worker == null) {
            worker = start(module);
        }
        return worker.execute(task);
    }

    /** The caller's own interrupt must neither stop the guest nor be lost: it is set aside and restored. */
    private static <R> R runOnCaller(InstanceTaskBody<R> task) {
        boolean interrupted = Thread.interrupted();
        try {
            return task.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Worker claimIdle() {
        int used = slotsUsed.get();
        for (int i = 0; i < used; i++) {
            Worker worker = slots.get(i);
            if (worker != null && worker.claim()) {
                return worker;
            }
        }
        return null;
    }

    /** A new thread, claimed for the caller, in the first free slot. */
    private Worker start(String module) {
        int alive;
        do {
            alive = threads.get();
            if (alive >= maxThreads) {
                throw new InstanceUnavailableException(
                        "no guest thread is free to run '" + module + "' (all " + maxThreads + " busy)");
            }
        } while (!threads.compareAndSet(alive, alive + 1));
        // slots are freed before the count drops, so with the count reserved a free slot exists
        int slot = 0;
        Worker worker = new Worker();
        while (!slots.compareAndSet(slot, null, worker)) {
            slot++;
        }
        worker.slot = slot;
        slotsUsed.accumulateAndGet(slot + 1, Math::max);
        try {
            Thread thread = new Thread(null, worker, "airssys-wasm-guest-" + names.incrementAndGet(), stackBytes);
            thread.setDaemon(true);
            worker.thread = thread;
            thread.start();
        } catch (RuntimeException | Error e) {
            slots.compareAndSet(slot, worker, null);
            threads.decrementAndGet();
            throw e; // no thread could be made (an OutOfMemoryError among them): the caller hears of it as it is
        }
        return worker;
    }

    /** Work handed to a guest thread. */
    @FunctionalInterface
    interface InstanceTaskBody<R> {
        R run();
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < slots.length(); i++) {
            Worker worker = slots.get(i);
            if (worker != null && worker.thread != null) {
                LockSupport.unpark(worker.thread);
            }
        }
    }

    /**
     * The active part of a wait: spinning for {@link #SPIN_NANOS}, then yielding the processor
     * until {@code activeNanos}. The clock is read only every so many spins, and not at all by a
     * wait that ends within the first of them, since reading it costs a good part of what a
     * hand-off costs.
     */
    private static final class ActiveWait {
        private static final int SPINS_PER_CLOCK_READ = 32;

        private final long activeNanos;
        private long start;
        private int spins;

        ActiveWait(long activeNanos) {
            this.activeNanos = activeNanos;
        }

        /** Waits a little; false once the active part is over and the waiter should park. */
        boolean keepActive() {
            if (++spins % SPINS_PER_CLOCK_READ != 0) {
                Thread.onSpinWait();
                return true;
            }
            long now = System.nanoTime();
            if (spins == SPINS_PER_CLOCK_READ) {
                start = now; // the first spins are not counted: most waits end within them
            }
            long waited = now - start;
            if (waited < SPIN_NANOS) {
                Thread.onSpinWait();
                return true;
            }
            if (waited < activeNanos) {
                Thread.yield();
                return true;
            }
            return false;
        }
    }

    /**
     * A guest thread, and the one call it is running: the caller that claimed it puts the task
     * here, the thread puts the outcome beside it, and the caller makes it idle again once it
     * has read the outcome.
     */
    private final class Worker implements Runnable {
        private static final int IDLE = 0;
        private static final int BUSY = 1;
        private static final int RETIRED = 2;

        private final AtomicInteger state = new AtomicInteger(BUSY);
        private volatile InstanceTaskBody<?> task;
        private volatile boolean done;
        private Object result;
        private Throwable failure;
        private Thread caller;
        /** Set while the caller is parked or about to park, so finishing wakes it only then. */
        private volatile boolean callerParked;
        /** Set while this thread is parked or about to park, so a new task wakes it only then. */
        private volatile boolean parked;

        private int slot;
        private volatile Thread thread;

        /** Takes an idle thread for a caller; fails if it is busy or has retired. */
        boolean claim() {
            return state.get() == IDLE && state.compareAndSet(IDLE, BUSY);
        }

        /** Runs {@code body} on this thread, which the caller has claimed, and waits for it. */
        @SuppressWarnings("unchecked")
        <R> R execute(InstanceTaskBody<R> body) {
            caller = Thread.currentThread();
            done = false;
            task = body;
            // both flags are volatile: either this sees the thread parked, or it sees the task before parking
            if (parked) {
                LockSupport.unpark(thread);
            }
            awaitDone();
            R value = (R) result;
            Throwable thrown = failure;
            result = null;
            failure = null;
            caller = null;
            state.set(IDLE); // only now may another caller take it; this caller's next call usually will
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            if (thrown != null) {
                throw new IllegalStateException(thrown);
            }
            return value;
        }

        private void awaitDone() {
            boolean interrupted = false;
            ActiveWait wait = new ActiveWait(CALLER_YIELD_NANOS);
            while (!done) {
                if (wait.keepActive()) {
                    continue;
                }
                callerParked = true;
                if (!done) {
                    LockSupport.park(this);
                }
                callerParked = false;
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    InstanceTaskBody<?> body = awaitTask();
                    if (body == null) {
                        if (state.compareAndSet(IDLE, RETIRED)) {
                            return;
                        }
                        Thread.onSpinWait();
                        continue; // claimed at the last moment: the task is on its way
                    }
                    task = null;
                    try {
                        result = body.run();
                    } catch (Throwable t) {
                        failure = t; // handed to the caller as it is, Errors included
                    }
                    Thread waiting = caller;
                    done = true;
                    // both flags are volatile: either the caller sees done before it parks, or this sees it parked
                    if (callerParked) {
                        LockSupport.unpark(waiting);
                    }
                }
            } finally {
                slots.compareAndSet(slot, this, null);
                threads.decrementAndGet();
            }
        }

        /** The next task, or null once idle too long or the engine closed. */
        private InstanceTaskBody<?> awaitTask() {
            ActiveWait wait = new ActiveWait(WORKER_YIELD_NANOS);
            long idleUntil = 0;
            while (true) {
                InstanceTaskBody<?> next = task;
                if (next != null) {
                    return next;
                }
                if (closed) {
                    return null;
                }
                if (wait.keepActive()) {
                    continue;
                }
                long now = System.nanoTime();
                if (idleUntil == 0) {
                    idleUntil = now + idleNanos; // the active wait counts as idle time too, give or take
                }
                long left = idleUntil - now;
                if (left <= 0) {
                    return null;
                }
                parked = true;
                if (task == null && !closed) {
                    LockSupport.parkNanos(this, left);
                }
                parked = false;
            }
        }
    }
}
