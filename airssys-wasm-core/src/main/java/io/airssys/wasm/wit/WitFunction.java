package io.airssys.wasm.wit;

import java.util.List;
import java.util.Optional;

/**
 * A WIT function. Resource functions carry their canonical names: {@code [constructor]r},
 * {@code [method]r.f} and {@code [static]r.f}, which is also how they are exported.
 */
public record WitFunction(
        String name,
        FunctionKind kind,
        Optional<TypeDef> resource,
        List<Param> params,
        Optional<WitType> result,
        boolean async,
        String docs,
        Stability stability) {

    public WitFunction {
        params = List.copyOf(params);
    }

    public record Param(String name, WitType type) {}

    /** The name as written in the source, without the resource prefix. */
    public String simpleName() {
        int dot = name.indexOf('.');
        int bracket = name.indexOf(']');
        return dot >= 0 ? name.substring(dot + 1) : bracket >= 0 ? name.substring(bracket + 1) : name;
    }

    @Override
    public String toString() {
        StringBuilder signature = new StringBuilder(name).append(": func(");
        for (int i = 0; i < params.size(); i++) {
            signature
                    .append(i == 0 ? "" : ", ")
                    .append(params.get(i).name())
                    .append(": ")
                    .append(params.get(i).type());
        }
        signature.append(")");
        result.ifPresent(r -> signature.append(" -> ").append(r));
        return signature.toString();
    }
}
