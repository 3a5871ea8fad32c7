package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ExternKind;
import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.binary.WasmImport;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitPackage;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitWorld;
import io.airssys.wasm.wit.WorldItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of a module's names and core signatures against WIT that admission makes, usable
 * without an engine, so a build tool refuses what the runtime would refuse. Names are the
 * canonical ABI's ({@code ns:pkg/iface@version#fn}); run {@link StandardNames} first for modules
 * named by the {@code cm32p2} build target.
 */
public final class ModuleContract {

    private static final String WASI_PREVIEW1 = "wasi_snapshot_preview1";
    private static final String DROP = "[resource-drop]";
    private static final String REP = "[resource-rep]";
    private static final FunctionType I32_TO_I32 = new FunctionType(List.of(ValueType.I32), List.of(ValueType.I32));
    private static final FunctionType I32_TO_NOTHING = new FunctionType(List.of(ValueType.I32), List.of());

    private ModuleContract() {}

    /**
     * Every export {@code world} requires that is missing or has the wrong core signature, and
     * every post-return that does not take its function's results.
     */
    public static List<String> exportProblems(Map<String, FunctionType> exported, WitWorld world) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, WorldItem> export : world.exports().entrySet()) {
            if (export.getValue() instanceof WorldItem.FunctionItem function) {
                check(exported, export.getKey(), function.value(), problems);
            } else if (export.getValue() instanceof WorldItem.InterfaceItem iface) {
                WitInterface value = iface.value();
                String prefix = value.packageName().interfaceName(value.name());
                for (WitFunction function : value.functions().values()) {
                    check(exported, prefix + "#" + function.name(), function, problems);
                }
                for (ResourceType resource : ResourceIntrinsics.definedResources(value)) {
                    String dtor = resource.exportName("[dtor]" + resource.name());
                    FunctionType type = exported.get(dtor);
                    if (type != null && !type.equals(I32_TO_NOTHING)) {
                        problems.add("export " + dtor + " is " + type + " but a destructor is " + I32_TO_NOTHING);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Every import the host cannot satisfy: not a function, from an interface none of
     * {@code host} defines, or with another core signature than its WIT type gives. WASI preview
     * 1 imports are left to the WASI host, which checks them at link.
     */
    public static List<String> importProblems(List<WasmImport> imports, List<WitResolve> host) {
        List<String> problems = new ArrayList<>();
        for (WasmImport wasmImport : imports) {
            String name = wasmImport.module() + "#" + wasmImport.name();
            if (wasmImport.kind() != ExternKind.FUNCTION) {
                problems.add("it imports " + wasmImport.kind().name().toLowerCase(Locale.ROOT) + " " + name
                        + ", but the host provides only functions");
                continue;
            }
            if (wasmImport.module().equals(WASI_PREVIEW1)
                    || wasmImport.module().startsWith(ResourceIntrinsics.EXPORT_PREFIX)) {
                continue; // see exportedResourceProblems
            }
            Optional<WitInterface> iface = findInterface(host, wasmImport.module());
            if (iface.isEmpty()) {
                problems.add("it imports " + name + " but the host provides no interface " + wasmImport.module());
                continue;
            }
            if (wasmImport.name().startsWith(DROP)) {
                resourceBuiltInProblem(wasmImport, iface.get(), DROP, I32_TO_NOTHING)
                        .ifPresent(problems::add);
                continue;
            }
            Optional<WitFunction> function = iface.get().function(wasmImport.name());
            if (function.isEmpty()) {
                problems.add("it imports " + name + " but " + wasmImport.module() + " has no such function");
                continue;
            }
            FunctionType expected = CallPlan.of(function.get()).importSignature();
            if (!expected.equals(wasmImport.type())) {
                problems.add("import " + name + " is " + wasmImport.type() + " but its WIT type needs " + expected);
            }
        }
        return problems;
    }

    /**
     * Every problem with the resource built-ins a module imports for the resources it exports
     * ({@code [export]ns:pkg/iface@v} {@code [resource-new|rep|drop]r}): the interface must be
     * in {@code own} (the component's WIT) and define {@code r}, and the signatures must be the
     * canonical ABI's.
     */
    public static List<String> exportedResourceProblems(List<WasmImport> imports, Optional<WitResolve> own) {
        List<String> problems = new ArrayList<>();
        for (WasmImport wasmImport : imports) {
            if (!wasmImport.module().startsWith(ResourceIntrinsics.EXPORT_PREFIX)) {
                continue;
            }
            String name = wasmImport.module() + "#" + wasmImport.name();
            String interfaceName = wasmImport.module().substring(ResourceIntrinsics.EXPORT_PREFIX.length());
            Optional<WitInterface> iface = findInterface(own.stream().toList(), interfaceName);
            if (iface.isEmpty()) {
                problems.add("it imports " + name + " but its WIT defines no interface " + interfaceName);
                continue;
            }
            Optional<String> problem;
            if (wasmImport.name().startsWith(ResourceIntrinsics.NEW_PREFIX)) {
                problem = resourceBuiltInProblem(wasmImport, iface.get(), ResourceIntrinsics.NEW_PREFIX, I32_TO_I32);
            } else if (wasmImport.name().startsWith(REP)) {
                problem = resourceBuiltInProblem(wasmImport, iface.get(), REP, I32_TO_I32);
            } else if (wasmImport.name().startsWith(DROP)) {
                problem = resourceBuiltInProblem(wasmImport, iface.get(), DROP, I32_TO_NOTHING);
            } else {
                problem = Optional.of(
                        "it imports " + name
                                + ", but only [resource-new], [resource-rep] and [resource-drop] come from [export] interfaces");
            }
            problem.ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<String> resourceBuiltInProblem(
            WasmImport wasmImport, WitInterface iface, String prefix, FunctionType expected) {
        String name = wasmImport.module() + "#" + wasmImport.name();
        String resource = wasmImport.name().substring(prefix.length());
        boolean defined = ResourceIntrinsics.definedResources(iface).stream()
                .anyMatch(type -> type.name().equals(resource));
        if (!defined) {
            return Optional.of(
                    "it imports " + name + " but " + iface.qualifiedName() + " defines no resource " + resource);
        }
        if (!expected.equals(wasmImport.type())) {
            return Optional.of(
                    "import " + name + " is " + wasmImport.type() + " but the canonical ABI needs " + expected);
        }
        return Optional.empty();
    }

    private static Optional<WitInterface> findInterface(List<WitResolve> host, String qualifiedName) {
        for (WitResolve resolve : host) {
            for (WitPackage pkg : resolve.packages()) {
                for (WitInterface iface : pkg.interfaces().values()) {
                    if (pkg.name().interfaceName(iface.name()).equals(qualifiedName)) {
                        return Optional.of(iface);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static void check(
            Map<String, FunctionType> exported, String exportName, WitFunction function, List<String> problems) {
        try {
            problems.addAll(mismatches(exported, exportName, CallPlan.of(function)));
        } catch (IllegalArgumentException e) {
            problems.add(exportName + ": " + e.getMessage());
        }
    }

    /** Why {@code exportName} cannot serve as {@code plan}'s function; empty if it can. */
    static List<String> mismatches(Map<String, FunctionType> exported, String exportName, CallPlan plan) {
        FunctionType actual = exported.get(exportName);
        FunctionType expected = plan.exportSignature();
        if (actual == null) {
            return List.of("it does not export " + exportName + " " + expected);
        }
        if (!actual.equals(expected)) {
            return List.of("export " + exportName + " is " + actual + " but its WIT type needs " + expected);
        }
        String postReturnName = TypedInvoker.POST_RETURN_PREFIX + exportName;
        FunctionType postReturn = exported.get(postReturnName);
        FunctionType postReturnExpected = new FunctionType(expected.results(), List.of());
        if (postReturn != null && !postReturn.equals(postReturnExpected)) {
            return List.of("export " + postReturnName + " is " + postReturn + " but it must take the results of "
                    + exportName + ": " + postReturnExpected);
        }
        return List.of();
    }
}
