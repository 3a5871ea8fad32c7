package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitPackage;
import io.airssys.wasm.wit.WitResolve;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The canonical ABI's resource built-ins, as the host functions a guest imports them by.
 * For a resource {@code r} the guest exports from {@code ns:pkg/iface@v}, it imports from
 * {@code [export]ns:pkg/iface@v}: {@code [resource-new]r} (rep to a new own handle),
 * {@code [resource-rep]r} (handle to rep) and {@code [resource-drop]r} (drops a handle; dropping
 * an own one runs the guest's {@code ns:pkg/iface@v#[dtor]r} if it exports it). For a resource
 * the host implements it imports {@code [resource-drop]r} from the interface itself; see
 * {@link WitHostFunctions#forInterface}.
 */
public final class ResourceIntrinsics {

    private static final FunctionType I32_TO_I32 = new FunctionType(List.of(ValueType.I32), List.of(ValueType.I32));
    private static final FunctionType I32_TO_NOTHING = new FunctionType(List.of(ValueType.I32), List.of());
    static final String EXPORT_PREFIX = "[export]";
    static final String NEW_PREFIX = "[resource-new]";

    private ResourceIntrinsics() {}

    /** The built-ins for every resource {@code wit} defines, for a guest that exports it. */
    public static List<HostFunction> forExports(WitResolve wit) {
        List<HostFunction> functions = new ArrayList<>();
        for (WitPackage pkg : wit.packages()) {
            for (WitInterface iface : pkg.interfaces().values()) {
                for (ResourceType type : definedResources(iface)) {
                    functions.addAll(forExportedResource(type));
                }
            }
        }
        return functions;
    }

    /** The resources an interface defines itself (not those it brings in with {@code use}). */
    static List<ResourceType> definedResources(WitInterface iface) {
        List<ResourceType> resources = new ArrayList<>();
        for (TypeDef def : iface.types().values()) {
            if (def.kind() instanceof TypeDefKind.ResourceKind && def.owner().equals(iface.qualifiedName())) {
                resources.add(ResourceType.of(def));
            }
        }
        return resources;
    }

    private static List<HostFunction> forExportedResource(ResourceType type) {
        String module = EXPORT_PREFIX + type.owner();
        String dtor = type.exportName("[dtor]" + type.name());
        return List.of(
                new HostFunction(module, NEW_PREFIX + type.name(), I32_TO_I32, call -> {
                    HandleTable table = HandleTable.of(call);
                    int index = table.add(
                            new HandleTable.Handle(type, call.intArg(0), null, true, null),
                            () -> context(call, type, "new"));
                    return new Object[] {index};
                }),
                new HostFunction(module, "[resource-rep]" + type.name(), I32_TO_I32, call -> {
                    HandleTable.Handle handle =
                            HandleTable.of(call).get(call.intArg(0), type, () -> context(call, type, "rep"));
                    return new Object[] {handle.rep};
                }),
                new HostFunction(module, "[resource-drop]" + type.name(), I32_TO_NOTHING, call -> {
                    HandleTable.Handle handle = drop(call, type);
                    if (handle.own && call.exportsFunction(dtor)) {
                        call.callGuest(dtor, handle.rep);
                    }
                    return null;
                }));
    }

    /** {@code [resource-drop]r} for a resource the host implements: an own handle's object is closed. */
    static HostFunction hostDrop(ResourceType type) {
        return new HostFunction(type.owner(), "[resource-drop]" + type.name(), I32_TO_NOTHING, call -> {
            HandleTable.Handle handle = drop(call, type);
            if (handle.own) {
                HandleTable.closeHostObject(handle.host, type);
            }
            return null;
        });
    }

    /** Removes a handle as {@code resource.drop} does: never one lent out; a borrow ends its lease. */
    private static HandleTable.Handle drop(HostCall call, ResourceType type) {
        HandleTable table = HandleTable.of(call);
        Supplier<String> context = () -> context(call, type, "drop");
        int index = call.intArg(0);
        HandleTable.Handle handle = table.get(index, type, context);
        if (handle.lends != 0) {
            throw new WasmAbiException(context.get() + ": handle " + index + " is lent to a call in progress ("
                    + handle.lends + " borrow(s)) and cannot be dropped until it returns");
        }
        table.remove(index, type, context);
        if (!handle.own) {
            handle.borrowScope.borrows--;
        }
        return handle;
    }

    private static String context(HostCall call, ResourceType type, String intrinsic) {
        return "'" + call.module() + "' calling [resource-" + intrinsic + "]" + type.name() + " of " + type.owner();
    }
}
