package io.airssys.wasm.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads guest code runs on. Native guest code uses the stack of the thread that enters
 * it, and an engine cannot tell how much of a foreign thread's stack is left: a caller with a
 * small stack ({@code -Xss256k}), or one already deep in Java frames, would let a recursive
 * guest run off the end of the stack and crash the JVM. So every call is handed to one of
 * these threads, each with a stack known to hold the guest's whole stack allowance plus the
 * host frames of its nested host calls. Threads are made on demand up to a maximum and end
 * after a while idle; a call finding all of them busy is refused, never queued without bound.
 */
final class GuestThreads implements AutoCloseable {

    private static final long IDLE_SECONDS = 30;

    private final ThreadPoolExecutor executor;
    private final long stackBytes;

    GuestThreads(long stackBytes, int maxThreads) {
        this.stackBytes = stackBytes;
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, maxThreads, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(null, task, "airssys-wasm-guest-" + counter.incrementAndGet(), stackBytes);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    long stackBytes() {
        return stackBytes;
    }

    int maxThreads() {
        return executor.getMaximumPoolSize();
    }

    /**
     * Runs {@code task} on a guest thread and waits for it. The wait is not cut short by an
     * interrupt (the task holds an instance and always ends within its call deadline); the
     * interrupt is kept for the caller.
     *
     * @throws InstanceUnavailableException if every guest thread is busy
     */
    <R> R run(String module, InstanceTaskBody<R> task) {
        FutureTask<R> future = new FutureTask<>(task::run);
        try {
            executor.execute(future);
        } catch (RejectedExecutionException e) {
            throw new InstanceUnavailableException("no guest thread is free to run '" + module + "' (all "
                    + executor.getMaximumPoolSize() + " busy" + (executor.isShutdown() ? ", engine closed" : "") + ")");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Work handed to a guest thread. */
    @FunctionalInterface
    interface InstanceTaskBody<R> {
        R run();
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
