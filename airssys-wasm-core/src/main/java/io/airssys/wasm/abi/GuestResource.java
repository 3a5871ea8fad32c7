package io.airssys.wasm.abi;

import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A resource a component implements (a counter, a session, a parser), held by the host: what
 * the component's constructor, or any function returning {@code own<R>}, gives back. It is bound
 * to the instance that made it: every call on it runs on that instance, which stays in its pool
 * while the resource lives (and serves other calls meanwhile). It ends when
 * {@linkplain #close() closed} (the component's destructor runs), when passed back to the
 * component as {@code own<R>}, or when its instance goes away: discarded after a failed call, or
 * closed with its version; calls on it then fail with a clear error. Thread-safe; calls on one
 * resource are serialised by its instance.
 *
 * <p>{@link #as(Class)} gives a Java interface whose methods call the resource's methods.
 */
public final class GuestResource implements WitValue, AutoCloseable {

    private enum State {
        OPEN,
        BORROWED,
        MOVED,
        CLOSED,
        EXPIRED
    }

    private final ResourceType type;
    private final int rep;
    private final ResourceOrigin origin;
    private final AtomicReference<State> state;

    private GuestResource(ResourceType type, int rep, ResourceOrigin origin, State state) {
        this.type = type;
        this.rep = rep;
        this.origin = origin;
        this.state = new AtomicReference<>(state);
    }

    /** A resource the host now owns. */
    static GuestResource owned(ResourceType type, int rep, ResourceOrigin origin) {
        return new GuestResource(type, rep, origin, State.OPEN);
    }

    /** A resource lent to a host call, valid until the call returns. */
    static GuestResource borrowed(ResourceType type, int rep, ResourceOrigin origin) {
        return new GuestResource(type, rep, origin, State.BORROWED);
    }

    public ResourceType type() {
        return type;
    }

    /** True until it is closed, moved into the component, or (for a borrowed one) its call returned. */
    public boolean isOpen() {
        State now = state.get();
        return now == State.OPEN || now == State.BORROWED;
    }

    /**
     * Calls one of the resource's methods, {@code [method]r.<method>}, with this resource as
     * {@code self}; returns the result as a {@link WitValue}, or null for none.
     *
     * @param method the method's WIT name, e.g. {@code increment}
     */
    public WitValue invoke(String method, Object... args) {
        return (WitValue) call(method, WitValue.class, args);
    }

    /** Calls one of the resource's methods and converts its result to {@code resultType}. */
    public <T> T invoke(String method, Class<T> resultType, Object... args) {
        return resultType.cast(call(method, resultType, args));
    }

    /** Calls one of the resource's methods and converts its result to {@code resultType}, generics included. */
    public Object call(String method, Type resultType, Object... args) {
        requireOpen();
        Object[] withSelf = new Object[(args == null ? 0 : args.length) + 1];
        withSelf[0] = this;
        if (args != null) {
            System.arraycopy(args, 0, withSelf, 1, args.length);
        }
        return origin.invoker()
                .resourceCaller()
                .call(this, type.exportName("[method]" + type.name() + "." + method), resultType, withSelf);
    }

    /**
     * This resource seen through a Java interface: each abstract method calls the WIT method of
     * its kebab-case name ({@code addItem} calls {@code [method]r.add-item}), and {@code close()}
     * closes the resource.
     */
    public <T> T as(Class<T> javaInterface) {
        return ResourceProxies.proxy(this, javaInterface);
    }

    /**
     * Drops the resource: the component's destructor ({@code [dtor]r}) runs on its instance if
     * it exports one. Does nothing if it was closed, moved or borrowed, or its instance is gone.
     *
     * @throws io.airssys.wasm.WasmException if the destructor traps (its instance is discarded)
     */
    @Override
    public void close() {
        if (state.compareAndSet(State.OPEN, State.CLOSED)) {
            origin.invoker().destroy(this);
        }
    }

    int rep() {
        return rep;
    }

    ResourceOrigin origin() {
        return origin;
    }

    /** Checks it may be lent (passed as {@code borrow<R>}). */
    void requireOpen() {
        State now = state.get();
        if (now != State.OPEN && now != State.BORROWED) {
            throw new IllegalStateException(
                    this + " cannot be used: it was " + now.name().toLowerCase()
                            + (now == State.MOVED ? " into the component" : "")
                            + (now == State.EXPIRED
                                    ? " (a borrowed resource lives only as long as the call that lent it)"
                                    : ""));
        }
    }

    /** Gives up ownership to the component (passed as {@code own<R>}). */
    void moveOut() {
        if (!state.compareAndSet(State.OPEN, State.MOVED)) {
            requireOpen();
            throw new IllegalStateException(
                    this + " is only borrowed, so it cannot be passed as own<" + type.name() + ">");
        }
    }

    /** A borrowed view's call returned. */
    void expire() {
        state.compareAndSet(State.BORROWED, State.EXPIRED);
    }

    @Override
    public String toString() {
        return type.name() + "#" + rep + " (" + type.owner() + " in '"
                + origin.pool().module().name() + "', " + state.get().name().toLowerCase() + ")";
    }
}
