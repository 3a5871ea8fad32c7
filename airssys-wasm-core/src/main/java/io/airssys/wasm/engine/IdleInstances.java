package io.airssys.wasm.engine;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The idle instances of one pool. One of them sits in a slot of its own, so a caller taking an
 * instance right after another returned one (the usual case) pays two atomic operations instead
 * of a deque's node and links; the rest wait in a deque, most recently returned first. An
 * instance is always in exactly one of the two places, so no instance is ever missing from the
 * idle set while it is idle (a caller would otherwise make a new one past the pool's size).
 */
final class IdleInstances {

    private final AtomicReference<WasmInstance> slot = new AtomicReference<>();
    private final ConcurrentLinkedDeque<WasmInstance> others = new ConcurrentLinkedDeque<>();

    void offer(WasmInstance instance) {
        if (!slot.compareAndSet(null, instance)) {
            others.offerFirst(instance);
        }
    }

    /** An idle instance, or null if there is none. */
    WasmInstance poll() {
        WasmInstance instance = slot.get();
        if (instance != null && slot.compareAndSet(instance, null)) {
            return instance;
        }
        return others.pollFirst();
    }

    /** Takes this particular instance if it is idle. */
    boolean remove(WasmInstance instance) {
        return slot.compareAndSet(instance, null) || others.remove(instance);
    }

    int size() {
        return (slot.get() == null ? 0 : 1) + others.size();
    }
}
