package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.PropagatedHostException;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.wit.WitInterface;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An interface the application implements for its components (a customer lookup, a price
 * list): its WIT and an implementation of every function. A component may import it only when
 * its manifest requests it ({@code [permissions.host] interfaces}) and the operator grants it;
 * every call is checked and audited, and ends with the component call's deadline: the thread
 * running the implementation is interrupted then, and the guest's call fails with a timeout.
 */
public final class HostInterface {

    private final WitInterface wit;
    private final Map<String, WitHostFunctions.Implementation> implementations;

    private HostInterface(WitInterface wit, Map<String, WitHostFunctions.Implementation> implementations) {
        this.wit = wit;
        this.implementations = Map.copyOf(implementations);
    }

    /**
     * An interface implemented function by function on WIT values.
     *
     * @throws IllegalArgumentException if a function has no implementation, an implementation
     *                                  names no function, or the interface is one the host bundles
     */
    public static HostInterface of(WitInterface wit, Map<String, WitHostFunctions.Implementation> implementations) {
        Objects.requireNonNull(wit, "wit");
        if (wit.packageName().namespace().equals("airssys")) {
            throw new IllegalArgumentException(
                    wit.qualifiedName() + ": the airssys namespace belongs to the host's own interfaces");
        }
        WitHostFunctions.forInterface(wit, implementations); // checks every function is implemented, and no more
        return new HostInterface(wit, implementations);
    }

    /**
     * An interface implemented by the public methods of {@code implementation}, one per WIT
     * function with its camelCase name, values converted as {@code JavaMapping} does. A
     * {@link WitErrorException} thrown by a method returns the {@code err} of its {@code result}.
     *
     * @throws HostInterfaceBindingException listing every function the object cannot implement
     */
    public static HostInterface bind(WitInterface wit, Object implementation) {
        return of(wit, HostInterfaceBinder.bind(wit, implementation));
    }

    /** The qualified name components import it by, {@code ns:pkg/iface@version}. */
    public String name() {
        return wit.qualifiedName();
    }

    public WitInterface wit() {
        return wit;
    }

    /**
     * The host functions {@code principal} links: each checks the grant and audits the call,
     * runs the implementation, and ends the guest's call with a timeout if the deadline passed
     * meanwhile. An exception the implementation throws reaches the Java caller of the component.
     */
    public List<HostFunction> functions(String principal, CapabilityEnforcer enforcer) {
        Map<String, WitHostFunctions.Implementation> guarded = new LinkedHashMap<>();
        implementations.forEach((function, implementation) ->
                guarded.put(function, (WitHostFunctions.CallAwareImplementation) (args, call) -> {
                    enforcer.checkHostInterface(principal, name(), function);
                    WitValue result;
                    try {
                        result = call == null
                                ? invoke(implementation, args)
                                : DeadlineInterrupts.within(call.remaining(), () -> invoke(implementation, args));
                    } catch (PropagatedHostException e) {
                        if (call != null && call.remaining().isZero()) {
                            throw call.timeout(); // interrupted at the deadline: the timeout is the outcome
                        }
                        throw e;
                    }
                    if (call != null) {
                        call.checkDeadline();
                    }
                    return result;
                }));
        return WitHostFunctions.forInterface(wit, guarded);
    }

    private static WitValue invoke(WitHostFunctions.Implementation implementation, List<WitValue> args) {
        try {
            return implementation instanceof WitHostFunctions.CallAwareImplementation aware
                    ? aware.call(args, (HostCall) null)
                    : implementation.call(args);
        } catch (Exception e) {
            throw new PropagatedHostException(e);
        }
    }

    @Override
    public String toString() {
        return "HostInterface[" + name() + "]";
    }
}
