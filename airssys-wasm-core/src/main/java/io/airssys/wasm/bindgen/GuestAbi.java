package io.airssys.wasm.bindgen;

import io.airssys.wasm.abi.CallPlan;
import io.airssys.wasm.abi.CanonicalLayout;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitType;
import io.airssys.wasm.wit.WitWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** What the binding generators share about WIT on the guest side, whatever the language. */
final class GuestAbi {

    private GuestAbi() {}

    /**
     * How {@code function} crosses the ABI; async functions, and types that cannot cross, are
     * refused naming the function.
     */
    static CallPlan plan(WitWorld world, WitFunction function) {
        if (function.async()) {
            throw new BindgenException("function " + function.name() + " of world " + world.qualifiedName()
                    + " is async; the bindings support synchronous functions only");
        }
        try {
            return CallPlan.of(function);
        } catch (IllegalArgumentException e) {
            throw new BindgenException(
                    "function " + function.name() + " of world " + world.qualifiedName() + ": " + e.getMessage());
        }
    }

    /** What a type is once aliases are followed. */
    static WitType resolve(WitType type) {
        return type instanceof TypeDef def ? def.unaliased() : type;
    }

    /** The names of a record's fields ({@code fieldName} applied) or a tuple's elements ({@code f0}, ...). */
    static List<String> memberNames(WitType resolved, UnaryOperator<String> fieldName) {
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.RecordKind record) {
            return record.fields().stream()
                    .map(field -> fieldName.apply(field.name()))
                    .toList();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CanonicalLayout.members(resolved).size(); i++) {
            names.add("f" + i);
        }
        return names;
    }
}
