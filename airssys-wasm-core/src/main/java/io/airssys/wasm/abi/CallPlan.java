package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one WIT function crosses the boundary: its flat core signature and whether parameters
 * (more than 16 flat values) or the result (more than 1) travel through memory instead. The
 * host's calls and the binding generators work from the same plan.
 */
public record CallPlan(
        WitFunction function,
        List<WitType> paramTypes,
        Optional<WitType> resultType,
        boolean paramsInMemory,
        boolean resultInMemory,
        List<ValueType> flatParams,
        List<ValueType> flatResult) {

    /** @throws IllegalArgumentException for types that cannot cross the ABI (async types) */
    public static CallPlan of(WitFunction function) {
        List<WitType> paramTypes =
                function.params().stream().map(WitFunction.Param::type).toList();
        List<ValueType> flatParams = new ArrayList<>();
        for (WitType type : paramTypes) {
            flatParams.addAll(CanonicalLayout.flatten(type));
        }
        List<ValueType> flatResult =
                function.result().map(CanonicalLayout::flatten).orElse(List.of());
        return new CallPlan(
                function,
                paramTypes,
                function.result(),
                flatParams.size() > CanonicalLayout.MAX_FLAT_PARAMS,
                flatResult.size() > CanonicalLayout.MAX_FLAT_RESULTS,
                flatParams,
                flatResult);
    }

    /** Whether a resource handle appears anywhere in the parameters or the result. */
    public boolean usesHandles() {
        return paramTypes.stream().anyMatch(CallPlan::containsHandle)
                || resultType.map(CallPlan::containsHandle).orElse(false);
    }

    private static boolean containsHandle(WitType witType) {
        WitType type = CanonicalLayout.resolve(witType);
        if (type instanceof WitType.HandleType) {
            return true;
        }
        if (type instanceof WitType.ListType list) {
            return containsHandle(list.element());
        }
        List<WitType> members = CanonicalLayout.members(type);
        if (members != null) {
            return members.stream().anyMatch(CallPlan::containsHandle);
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(type);
        return cases != null
                && cases.payloads().stream().flatMap(Optional::stream).anyMatch(CallPlan::containsHandle);
    }

    /** The parameters as one tuple, the way they are laid out when they travel through memory. */
    public WitType.TupleType paramTuple() {
        return new WitType.TupleType(paramTypes);
    }

    /** Core signature of the function when a guest exports it. */
    public FunctionType exportSignature() {
        List<ValueType> params = paramsInMemory ? List.of(ValueType.I32) : flatParams;
        List<ValueType> results = resultInMemory ? List.of(ValueType.I32) : flatResult;
        return new FunctionType(params, results);
    }

    /** Core signature of the function when a guest imports it from the host. */
    public FunctionType importSignature() {
        List<ValueType> params = new ArrayList<>(paramsInMemory ? List.of(ValueType.I32) : flatParams);
        if (resultInMemory) {
            params.add(ValueType.I32);
        }
        return new FunctionType(params, resultInMemory ? List.of() : flatResult);
    }
}
