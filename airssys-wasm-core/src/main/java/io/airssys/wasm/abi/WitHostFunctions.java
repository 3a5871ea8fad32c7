package io.airssys.wasm.abi;

import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns WIT-typed Java implementations into engine {@link HostFunction}s: arguments are lifted
 * from the guest (checked like any guest data), the result is lowered back, allocating in the
 * guest through its {@code cabi_realloc} when it holds strings or lists.
 */
public final class WitHostFunctions {

    /** Module name wit-bindgen uses for functions imported by the world itself. */
    public static final String ROOT_MODULE = "$root";

    private WitHostFunctions() {}

    /** An implementation of one imported WIT function. */
    @FunctionalInterface
    public interface Implementation {
        /** Returns the result, or null for a function without one. */
        WitValue call(List<WitValue> args) throws Exception;
    }

    /**
     * An implementation that needs the guest's call in progress, e.g. to wait no longer than its
     * {@linkplain HostCall#remaining() deadline}.
     */
    @FunctionalInterface
    public interface CallAwareImplementation extends Implementation {
        /** {@code call} is null when invoked outside a guest call (e.g. from a test). */
        WitValue call(List<WitValue> args, HostCall call) throws Exception;

        @Override
        default WitValue call(List<WitValue> args) throws Exception {
            return call(args, null);
        }
    }

    /**
     * Host functions for an interface the guest imports, named as wit-bindgen imports them
     * ({@code ns:pkg/iface@version}, field = function name). Resource functions are keyed by
     * their canonical names ({@code [constructor]r}, {@code [method]r.m}, {@code [static]r.f});
     * a constructor returns a {@link WitValue.HostResource}, a method gets its object first.
     * Each resource the interface defines also gets its {@code [resource-drop]r}, which closes
     * the object (if {@link AutoCloseable}) when the guest drops an own handle.
     *
     * @throws IllegalArgumentException if an implementation is missing or names no function of the interface
     */
    public static List<HostFunction> forInterface(WitInterface iface, Map<String, Implementation> implementations) {
        String module = iface.qualifiedName();
        for (String name : implementations.keySet()) {
            if (iface.function(name).isEmpty()) {
                throw new IllegalArgumentException(module + " has no function '" + name + "'; it has "
                        + iface.functions().keySet());
            }
        }
        List<HostFunction> functions = new ArrayList<>();
        for (WitFunction function : iface.functions().values()) {
            Implementation implementation = implementations.get(function.name());
            if (implementation == null) {
                throw new IllegalArgumentException("no implementation for " + module + "#" + function.name());
            }
            functions.add(forFunction(module, function, implementation));
        }
        for (ResourceType resource : ResourceIntrinsics.definedResources(iface)) {
            functions.add(ResourceIntrinsics.hostDrop(resource));
        }
        return functions;
    }

    /** One host function implementing {@code function}, imported from {@code module}. */
    public static HostFunction forFunction(String module, WitFunction function, Implementation implementation) {
        CallPlan plan = CallPlan.of(function);
        String qualifiedName = module + "#" + function.name();
        ValuePath resultPath = ValuePath.of(qualifiedName + " result");
        boolean handles = plan.usesHandles();
        return new HostFunction(module, function.name(), plan.importSignature(), call -> {
            if (!handles) {
                return callHost(plan, qualifiedName, resultPath, implementation, call, false);
            }
            HandleTable table = HandleTable.of(call);
            HandleTable.CallScope scope = table.enter();
            try {
                return callHost(plan, qualifiedName, resultPath, implementation, call, false);
            } finally {
                table.exit(scope); // what the guest lent to this call is returned to it
            }
        });
    }

    private static Object[] callHost(
            CallPlan plan,
            String qualifiedName,
            ValuePath resultPath,
            Implementation implementation,
            HostCall call,
            boolean handles)
            throws Exception {
        InstanceGuest guest = InstanceGuest.of(call, qualifiedName);
        Lifter lifter = new Lifter(guest);
        Object[] core = call.args();
        List<WitValue> args;
        if (plan.paramsInMemory()) {
            WitValue tuple = lifter.load(plan.paramTuple(), Integer.toUnsignedLong((Integer) core[0]));
            args = ((WitValue.TupleValue) tuple).elements();
        } else {
            FlatReader reader = FlatReader.of(core);
            args = new ArrayList<>();
            for (var type : plan.paramTypes()) {
                args.add(lifter.liftFlat(type, reader));
            }
        }
        HandleTable.CallScope scope = handles ? HandleTable.of(call).current() : null;
        if (scope != null) {
            scope.delivered(); // the implementation has the arguments now
        }
        WitValue result = implementation instanceof CallAwareImplementation aware
                ? aware.call(args, call)
                : implementation.call(args);
        if (plan.resultType().isEmpty()) {
            return null;
        }
        Lowerer lowerer = new Lowerer(guest);
        ValuePath path = resultPath;
        if (plan.resultInMemory()) {
            long returnAddress = Integer.toUnsignedLong((Integer) core[core.length - 1]);
            lifter.checkRange(
                    returnAddress,
                    CanonicalLayout.size(plan.resultType().get()),
                    CanonicalLayout.alignment(plan.resultType().get()),
                    () -> "return area");
            lowerer.store(plan.resultType().get(), result, returnAddress, path);
            return null;
        }
        List<Object> flat = new ArrayList<>();
        lowerer.lowerFlat(plan.resultType().get(), result, flat, path);
        return flat.toArray();
    }
}
