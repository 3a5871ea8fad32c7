package io.airssys.wasm.engine;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>The hand-off is built for latency: a caller gives its work straight to an idle thread, and
 * both sides wait actively for a short while (spinning, then yielding the processor to anything
 * else runnable) before they park, since waking a parked thread costs tens of microseconds on a
 * virtual machine. Threads are made on demand up to a maximum and end after
 * {@value #IDLE_SECONDS} s idle; a call finding all of them busy is refused, never queued.
 */
final class GuestThreads implements AutoCloseable {

    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** A caller waits actively this long: most calls end within it, and a yield costs others little. */
    private static final long CALLER_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** An idle guest thread waits actively this long for the next call before it parks. */
    private static final long WORKER_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private static final long IDLE_SECONDS = 30;

    private final long stackBytes;
    private final int maxThreads;
    private final boolean onCallerThread;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param onCallerThread run each task on its caller's thread instead (for an engine whose
     *                       guest code cannot overflow a native stack), saving the hand-off
     */
    GuestThreads(long stackBytes, int maxThreads, boolean onCallerThread) {
        this.stackBytes = stackBytes;
        this.maxThreads = maxThreads;
        this.onCallerThread = onCallerThread;
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
        Job<R> job = new Job<>(task, Thread.currentThread());
        Worker worker = claimIdle();
        if (worker == null) {
            start(module, job);
        } else {
            worker.assign(job);
        }
        return job.await();
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
        Worker worker;
        while ((worker = idle.pollFirst()) != null) {
            if (worker.claim()) {
                return worker;
            }
        }
        return null;
    }

    private void start(String module, Job<?> first) {
        if (threads.incrementAndGet() > maxThreads) {
            threads.decrementAndGet();
            throw new InstanceUnavailableException(
                    "no guest thread is free to run '" + module + "' (all " + maxThreads + " busy)");
        }
        Worker worker = new Worker(first);
        Thread thread = new Thread(null, worker, "airssys-wasm-guest-" + names.incrementAndGet(), stackBytes);
        thread.setDaemon(true);
        worker.thread = thread;
        thread.start();
    }

    /** Work handed to a guest thread. */
    @FunctionalInterface
    interface InstanceTaskBody<R> {
        R run();
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : idle) {
            LockSupport.unpark(worker.thread);
        }
    }

    /** One call's work, its outcome, and the caller waiting for it. */
    private static final class Job<R> {
        private final InstanceTaskBody<R> body;
        private final Thread caller;
        private R result;
        private Throwable failure;
        private volatile boolean done;

        Job(InstanceTaskBody<R> body, Thread caller) {
            this.body = body;
            this.caller = caller;
        }

        /** Runs the work; the caller learns of it only at {@link #complete()}. */
        void execute() {
            try {
                result = body.run();
            } catch (Throwable t) {
                failure = t; // handed to the caller as it is, Errors included
            }
        }

        void complete() {
            done = true;
            LockSupport.unpark(caller);
        }

        R await() {
            boolean interrupted = false;
            long start = System.nanoTime();
            while (!done) {
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (waited < CALLER_YIELD_NANOS) {
                    Thread.yield();
                } else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return result;
        }
    }

    /** A guest thread: runs jobs one after another, spinning briefly between them, then parking. */
    private final class Worker implements Runnable {
        private static final int IDLE = 0;
        private static final int BUSY = 1;
        private static final int RETIRED = 2;

        private final AtomicInteger state = new AtomicInteger(BUSY);
        private volatile Job<?> job;
        private Thread thread;

        Worker(Job<?> first) {
            this.job = first;
        }

        /** Takes an idle worker for a caller; fails if it has just retired. */
        boolean claim() {
            return state.compareAndSet(IDLE, BUSY);
        }

        void assign(Job<?> next) {
            job = next;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Job<?> next = awaitJob();
                    if (next == null) {
                        if (state.compareAndSet(IDLE, RETIRED)) {
                            idle.remove(this);
                            return;
                        }
                        continue; // claimed at the last moment: the job is on its way
                    }
                    job = null;
                    next.execute();
                    // idle again before the caller hears back, so its next call finds this thread
                    // instead of starting another
                    state.set(IDLE);
                    idle.offerFirst(this);
                    next.complete();
                }
            } finally {
                threads.decrementAndGet();
            }
        }

        /** The next job, or null once idle too long or the engine closed. */
        private Job<?> awaitJob() {
            long start = System.nanoTime();
            long idleUntil = start + TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
            while (true) {
                Job<?> next = job;
                if (next != null) {
                    return next;
                }
                long now = System.nanoTime();
                if (closed || now - idleUntil >= 0) {
                    return null;
                }
                if (now - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (now - start < WORKER_YIELD_NANOS) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, idleUntil - now);
                }
            }
        }
    }
}
