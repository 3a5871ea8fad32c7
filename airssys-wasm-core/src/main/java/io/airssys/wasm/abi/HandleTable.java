package io.airssys.wasm.abi;

import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.InstanceLocal;
import io.airssys.wasm.engine.WasmInstance;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource handles one instance holds, as the canonical ABI keeps them: indices from 1
 * (0 is never a handle), freed indices reused, each handle owning or borrowing one resource.
 * It also tracks the calls in progress, so that a borrow lent into an export is dropped before
 * the export returns and an own handle is not moved or dropped while a host call borrows it.
 * A rule broken is a {@link WasmAbiException}, which discards the instance; {@code context}
 * (who is asking, for that message) is only built then. Objects the host
 * implements resources with, still owned by the guest when the instance goes away, are closed.
 */
final class HandleTable implements InstanceLocal {

    /** Live handles one instance may hold; a guest that makes more traps instead of exhausting the host. */
    static final int MAX_LIVE_HANDLES = 65_536;

    private static final Logger log = LoggerFactory.getLogger(HandleTable.class);

    /** One handle: to a resource the guest implements ({@code rep}) or one the host does ({@code host}). */
    static final class Handle {
        final ResourceType type;
        final int rep;
        final Object host;
        final boolean own;
        final CallScope borrowScope;
        int lends;

        Handle(ResourceType type, int rep, Object host, boolean own, CallScope borrowScope) {
            this.type = type;
            this.rep = rep;
            this.host = host;
            this.own = own;
            this.borrowScope = borrowScope;
        }
    }

    /**
     * One call in progress: borrows lent into the guest for an export call (all must be dropped
     * before it returns), and handles the guest lent to a host call (released when it returns).
     */
    static final class CallScope {
        int borrows;
        private final List<Handle> lenders = new ArrayList<>();
        private final List<GuestResource> views = new ArrayList<>();
        /** Host objects lifted out of the guest's ownership by this call, until the host has them. */
        private final List<Handle> taken = new ArrayList<>();

        void lend(Handle handle) {
            handle.lends++;
            lenders.add(handle);
        }

        /** An own handle of a host object the call lifted; closed if the call fails before the host has it. */
        void took(Handle handle) {
            taken.add(handle);
        }

        /** The host now has everything the call lifted (its arguments or its result). */
        void delivered() {
            taken.clear();
        }

        /** A borrowed resource handed to the host, usable only until the call returns. */
        void view(GuestResource view) {
            views.add(view);
        }
    }

    private final List<Handle> slots = new ArrayList<>(List.of(new Handle(null, 0, null, false, null)));
    private final Deque<Integer> free = new ArrayDeque<>();
    private final Deque<CallScope> scopes = new ArrayDeque<>();
    private int live;
    private ResourceOrigin origin;

    static HandleTable of(WasmInstance instance) {
        return instance.local(HandleTable.class, HandleTable::new);
    }

    static HandleTable of(HostCall call) {
        return call.local(HandleTable.class, HandleTable::new);
    }

    /** Where resources the guest implements come from: the pool, instance and invoker that called it. */
    ResourceOrigin origin() {
        return origin;
    }

    void origin(ResourceOrigin origin) {
        this.origin = origin;
    }

    int add(Handle handle, Supplier<String> context) {
        if (live >= MAX_LIVE_HANDLES) {
            throw new WasmAbiException(context.get() + ": the instance already holds " + MAX_LIVE_HANDLES
                    + " resource handles, the most one instance may hold; it must drop some first");
        }
        live++;
        Integer reused = free.pollLast();
        if (reused != null) {
            slots.set(reused, handle);
            return reused;
        }
        slots.add(handle);
        return slots.size() - 1;
    }

    /** The handle at {@code index}, which must be a live handle of {@code type}. */
    Handle get(int index, ResourceType type, Supplier<String> context) {
        Handle handle = index > 0 && index < slots.size() ? slots.get(index) : null;
        if (handle == null) {
            throw new WasmAbiException(context.get() + ": " + Integer.toUnsignedString(index)
                    + " is not a live handle of " + type + " (never made, or already dropped or moved)");
        }
        if (!handle.type.equals(type)) {
            throw new WasmAbiException(
                    context.get() + ": handle " + index + " is a handle of " + handle.type + ", not of " + type);
        }
        return handle;
    }

    Handle remove(int index, ResourceType type, Supplier<String> context) {
        Handle handle = get(index, type, context);
        slots.set(index, null);
        free.addLast(index);
        live--;
        return handle;
    }

    /** Live handles, for tests and diagnostics. */
    int live() {
        return live;
    }

    /** Slots ever used (live or free), for tests: freed slots are reused before new ones are made. */
    int capacity() {
        return slots.size() - 1;
    }

    CallScope enter() {
        CallScope scope = new CallScope();
        scopes.push(scope);
        return scope;
    }

    /** The innermost call in progress, or null outside any. */
    CallScope current() {
        return scopes.peek();
    }

    /**
     * Ends a call: what the guest lent is released, borrowed views handed to the host expire,
     * and host objects lifted but never delivered (the call failed midway) are closed.
     */
    void exit(CallScope scope) {
        scope.taken.forEach(handle -> closeHostObject(handle.host, handle.type));
        scope.taken.clear();
        scope.lenders.forEach(handle -> handle.lends--);
        scope.lenders.clear();
        scope.views.forEach(GuestResource::expire);
        scope.views.clear();
        scopes.remove(scope);
    }

    @Override
    public void afterCall() {
        // a call that ended abnormally poisons the instance; its scopes must not outlive it
        while (!scopes.isEmpty()) {
            exit(scopes.peek());
        }
    }

    @Override
    public void close() {
        for (Handle handle : slots) {
            if (handle != null && handle.own && handle.host != null) {
                closeHostObject(handle.host, handle.type);
            }
        }
        slots.clear();
        free.clear();
        live = 0;
    }

    /** Calls {@code close()} on an object the host implements a resource with, if it has one. */
    static void closeHostObject(Object object, ResourceType type) {
        if (object instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing {} ({}) failed", object, type, e);
            }
        }
    }
}
