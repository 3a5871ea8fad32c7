package io.airssys.wasm.storage;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One thread that does all of a store's file I/O. An interrupt closes a file channel that is in
 * use by the interrupted thread, and a closed channel would close the store for every component;
 * callers get interrupted (a guest on Chicory is stopped at its deadline by an interrupt of its
 * caller's thread, and applications cancel their own tasks), so the store's work never runs on
 * theirs. A caller interrupted while it waits keeps waiting for the work to finish, and finds its
 * interrupt set again afterwards.
 */
final class StoreThread implements AutoCloseable {

    private final ExecutorService executor;

    StoreThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code work} on the store's thread and waits for it. */
    <T> T call(Callable<T> work) {
        Future<T> result;
        try {
            result = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the store is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
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

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    boolean isClosed() {
        return executor.isShutdown();
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
