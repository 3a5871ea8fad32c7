package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.InstanceUnavailableException;
import io.airssys.wasm.engine.WasmInstance;
import io.airssys.wasm.engine.WasmLinkException;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitType;
import io.airssys.wasm.wit.WitWorld;
import io.airssys.wasm.wit.WorldItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a component's exports with WIT-typed values, implementing the canonical ABI on the
 * host side: lowers arguments (allocating through {@code cabi_realloc}), calls the core
 * export, lifts the result and then calls {@code cabi_post_<export>} if the module has it.
 * Exports are named as the canonical ABI names them: {@code ns:pkg/iface@version#function}
 * for interface functions, the plain name for world-level ones. Thread-safe.
 */
public final class TypedInvoker {

    static final String POST_RETURN_PREFIX = "cabi_post_";

    private final InstancePool pool;
    private final WitResolve wit;
    private final Map<String, PreparedCall> plans = new ConcurrentHashMap<>();
    /** Functions found by export name; only hits are kept, so arbitrary names cannot grow it. */
    private final Map<String, WitFunction> functions = new ConcurrentHashMap<>();

    private final boolean hasRealloc;
    /** Resources the module implements: those it imports {@code [resource-new]} for. */
    private final java.util.Set<ResourceType> guestResources;

    /**
     * What every call of one export needs, worked out at its first call: the plan, whether a
     * post-return follows, and the labels errors name its arguments by.
     */
    private record PreparedCall(
            CallPlan plan,
            String postReturn,
            List<String> argumentPaths,
            List<ValuePath> loweringPaths,
            boolean handles) {}

    private volatile ResourceCaller resourceCaller = this::callResource;

    /** Core signature the canonical ABI gives {@code cabi_realloc(old_ptr, old_size, align, new_size) -> ptr}. */
    static final FunctionType REALLOC_SIGNATURE = new FunctionType(
            List.of(ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32), List.of(ValueType.I32));

    /**
     * @throws WasmLinkException if the module exports {@code cabi_realloc} with another signature
     *                           than the canonical ABI's, so the host could never call it safely
     */
    public TypedInvoker(InstancePool pool, WitResolve wit) {
        this.pool = pool;
        this.wit = wit;
        this.hasRealloc = pool.module().exportedFunction(InstanceGuest.REALLOC).isPresent();
        this.guestResources = pool.module().info().imports().stream()
                .filter(i -> i.module().startsWith(ResourceIntrinsics.EXPORT_PREFIX)
                        && i.name().startsWith(ResourceIntrinsics.NEW_PREFIX))
                .map(i -> new ResourceType(
                        i.module().substring(ResourceIntrinsics.EXPORT_PREFIX.length()),
                        i.name().substring(ResourceIntrinsics.NEW_PREFIX.length())))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        pool.module().exportedFunction(InstanceGuest.REALLOC).ifPresent(type -> {
            if (!type.equals(REALLOC_SIGNATURE)) {
                throw new WasmLinkException(
                        pool.module().name(),
                        List.of("export " + InstanceGuest.REALLOC + " is " + type + " but the canonical ABI needs "
                                + REALLOC_SIGNATURE));
            }
        });
    }

    /**
     * Calls an export. Arguments may be {@link WitValue}s or Java values that {@link JavaMapping}
     * converts; returns the result as a {@link WitValue}, or null when the function has none.
     *
     * @throws WasmAbiException          if the guest breaks the ABI
     * @throws IllegalArgumentException  if the arguments do not fit the WIT signature
     * @throws WasmLinkException         if the module's export does not match the WIT function
     */
    public WitValue invoke(String exportName, Object... args) {
        return invoke(plan(exportName), exportName, args);
    }

    private WitValue invoke(PreparedCall prepared, String exportName, Object[] args) {
        List<WitValue> values = toWitValues(prepared, exportName, args);
        return pool.withInstance(
                prepared.handles() ? pinnedInstance(exportName, args) : null,
                instance -> call(instance, exportName, prepared, values));
    }

    /**
     * The instance a call of {@code exportName} must run on: the one holding the component
     * resource its arguments carry, or null for any (always for a function whose WIT types hold
     * no handle, whose arguments are then not searched).
     *
     * @throws IllegalArgumentException if that resource belongs to another module's instances
     */
    public WasmInstance pinnedInstance(String exportName, Object[] args) {
        if (!plan(exportName).handles()) {
            return null;
        }
        Optional<GuestResource> resource = ResourceArguments.find(args);
        if (resource.isEmpty()) {
            return null;
        }
        ResourceOrigin origin = resource.get().origin();
        if (origin.pool() != pool) {
            throw new IllegalArgumentException(resource.get() + " was made by '"
                    + origin.pool().module().name() + "', not by '"
                    + pool.module().name()
                    + "'; a resource is used only where it was made");
        }
        return origin.instance();
    }

    /** Whether {@code resource} was made by an instance of this invoker's pool. */
    public boolean made(GuestResource resource) {
        return resource.origin().pool() == pool;
    }

    /** Whether the module implements {@code type} (it imports the type's {@code [resource-new]}). */
    boolean implementsResource(ResourceType type) {
        return guestResources.contains(type);
    }

    /** What makes the calls of resources this invoker's calls return; see {@link ResourceCaller}. */
    public ResourceCaller resourceCaller() {
        return resourceCaller;
    }

    /** Sends the calls of resources this invoker's calls return through {@code caller}, e.g. a runtime's router. */
    public void routeResourceCalls(ResourceCaller caller) {
        this.resourceCaller = java.util.Objects.requireNonNull(caller, "caller");
    }

    private Object callResource(
            GuestResource resource, String exportName, java.lang.reflect.Type resultType, Object[] args) {
        PreparedCall prepared = plan(exportName);
        WitValue result = invoke(prepared, exportName, args);
        if (result == null || resultType == WitValue.class || resultType == void.class || resultType == Void.class) {
            return result;
        }
        return JavaMapping.fromWit(result, prepared.plan().resultType().orElseThrow(), resultType);
    }

    /**
     * Runs the destructor of a resource the host closed, on its instance, if the module exports
     * one and the instance is still there.
     */
    void destroy(GuestResource resource) {
        ResourceType type = resource.type();
        String dtor = type.exportName("[dtor]" + type.name());
        WasmInstance instance = resource.origin().instance();
        if (!instance.exportsFunction(dtor) || pool.isClosed() || instance.isClosed() || instance.isPoisoned()) {
            return;
        }
        try {
            pool.withInstance(
                    instance,
                    held -> held.asOneCall(dtor, () -> {
                        HandleTable table = HandleTable.of(held);
                        HandleTable.CallScope scope = table.enter();
                        try {
                            return held.continueCall(dtor, resource.rep());
                        } finally {
                            table.exit(scope);
                        }
                    }));
        } catch (InstanceUnavailableException e) {
            // the instance went away meanwhile, and the resource with it
        }
    }

    /** Calls an export and converts its result to {@code resultType}; an {@code err} result is thrown as {@link WitResultException}. */
    public <T> T invoke(String exportName, Class<T> resultType, Object... args) {
        PreparedCall prepared = plan(exportName);
        WitValue result = invoke(prepared, exportName, args);
        if (result == null || resultType == Void.class || resultType == void.class) {
            return null;
        }
        return resultType.cast(
                JavaMapping.fromWit(result, prepared.plan().resultType().orElseThrow(), resultType));
    }

    /** The WIT function an export implements, if the WIT names one. */
    public Optional<WitFunction> function(String exportName) {
        WitFunction known = functions.get(exportName);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<WitFunction> found = findFunction(exportName);
        found.ifPresent(function -> functions.put(exportName, function));
        return found;
    }

    /** The WIT result type of an export, for converting its result. */
    public WitType resultType(String exportName) {
        return plan(exportName)
                .plan()
                .resultType()
                .orElseThrow(() -> new IllegalArgumentException(exportName + " returns nothing"));
    }

    /** Calls an export on an instance the caller already holds, e.g. inside {@link InstancePool#withInstance}. */
    public WitValue invokeOn(WasmInstance instance, String exportName, Object... args) {
        PreparedCall prepared = plan(exportName);
        return call(instance, exportName, prepared, toWitValues(prepared, exportName, args));
    }

    /**
     * Checks that the module exports every function {@code world} exports, each with the core
     * signature its WIT type requires, listing every mismatch at once.
     */
    public void verify(WitWorld world) {
        List<String> problems = ModuleContract.exportProblems(pool.module().exportedFunctions(), world);
        if (!problems.isEmpty()) {
            throw new WasmLinkException(pool.module().name(), problems);
        }
    }

    private PreparedCall plan(String exportName) {
        return plans.computeIfAbsent(exportName, name -> {
            WitFunction function = findFunction(name)
                    .orElseThrow(() -> new IllegalArgumentException("no WIT function '" + name + "' for '"
                            + pool.module().name() + "'; interface functions are named ns:pkg/iface@version#function"));
            CallPlan plan = CallPlan.of(function);
            List<String> problems = ModuleContract.mismatches(pool.module().exportedFunctions(), name, plan);
            if (!problems.isEmpty()) {
                throw new WasmLinkException(pool.module().name(), problems);
            }
            String postReturn = POST_RETURN_PREFIX + name;
            List<String> parameterNames =
                    function.params().stream().map(WitFunction.Param::name).toList();
            return new PreparedCall(
                    plan,
                    pool.module().exportedFunction(postReturn).isPresent() ? postReturn : null,
                    parameterNames.stream()
                            .map(param -> name + " argument '" + param + "'")
                            .toList(),
                    parameterNames.stream()
                            .map(param -> ValuePath.of(name + "(" + param + ")"))
                            .toList(),
                    plan.usesHandles());
        });
    }

    private Optional<WitFunction> findFunction(String exportName) {
        if (exportName.contains("#")) {
            return wit.findFunction(exportName);
        }
        return wit.mainPackage().worlds().values().stream()
                .map(world -> world.exports().get(exportName))
                .filter(item -> item instanceof WorldItem.FunctionItem)
                .map(item -> ((WorldItem.FunctionItem) item).value())
                .findFirst();
    }

    private static List<WitValue> toWitValues(PreparedCall prepared, String exportName, Object[] args) {
        CallPlan plan = prepared.plan();
        Object[] actual = args == null ? new Object[0] : args;
        if (actual.length != plan.paramTypes().size()) {
            throw new IllegalArgumentException(exportName + " takes "
                    + plan.paramTypes().size() + " argument(s) (" + plan.function() + ") but got " + actual.length);
        }
        List<WitValue> values = new ArrayList<>(actual.length);
        for (int i = 0; i < actual.length; i++) {
            values.add(JavaMapping.toWit(
                    actual[i],
                    plan.paramTypes().get(i),
                    prepared.argumentPaths().get(i)));
        }
        return values;
    }

    private WitValue call(WasmInstance instance, String exportName, PreparedCall prepared, List<WitValue> args) {
        if (!prepared.handles()) {
            return instance.asOneCall(exportName, () -> lowerCallLift(instance, exportName, prepared, args, null));
        }
        return instance.asOneCall(exportName, () -> {
            HandleTable table = HandleTable.of(instance);
            if (table.origin() == null) {
                table.origin(new ResourceOrigin(pool, instance, this));
            }
            HandleTable.CallScope scope = table.enter();
            try {
                return lowerCallLift(instance, exportName, prepared, args, scope);
            } finally {
                table.exit(scope);
            }
        });
    }

    /**
     * One export call: lower the arguments, call, check the guest dropped every borrow it was
     * lent ({@code scope}, when the call carries handles), lift the result, post-return.
     */
    private WitValue lowerCallLift(
            WasmInstance instance,
            String exportName,
            PreparedCall prepared,
            List<WitValue> args,
            HandleTable.CallScope scope) {
        CallPlan plan = prepared.plan();
        InstanceGuest guest = InstanceGuest.of(instance, exportName, hasRealloc);
        Lowerer lowerer = new Lowerer(guest);
        List<Object> flat = new ArrayList<>();
        if (plan.paramsInMemory()) {
            long address = lowerer.allocateAndStore(
                    plan.paramTuple(), new WitValue.TupleValue(args), ValuePath.of(exportName));
            flat.add((int) address);
        } else {
            for (int i = 0; i < args.size(); i++) {
                lowerer.lowerFlat(
                        plan.paramTypes().get(i),
                        args.get(i),
                        flat,
                        prepared.loweringPaths().get(i));
            }
        }
        Object[] core = instance.continueCall(exportName, flat.toArray());
        if (scope != null && scope.borrows > 0) {
            throw new WasmAbiException(guest.context() + ": it returned still holding " + scope.borrows
                    + " borrowed handle(s); a borrow must be dropped before the call that lent it returns");
        }
        WitValue result = null;
        if (plan.resultType().isPresent()) {
            Lifter lifter = new Lifter(guest);
            result = plan.resultInMemory()
                    ? lifter.load(plan.resultType().get(), Integer.toUnsignedLong((Integer) core[0]))
                    : lifter.liftFlat(plan.resultType().get(), FlatReader.of(core));
        }
        if (prepared.postReturn() != null) {
            instance.continueCall(prepared.postReturn(), Arrays.copyOf(core, core.length));
        }
        if (scope != null) {
            scope.delivered();
        }
        return result;
    }
}
