package io.airssys.wasm.wit;

import io.airssys.wasm.wit.TypeDefKind.AliasKind;
import io.airssys.wasm.wit.TypeDefKind.RecordKind;
import io.airssys.wasm.wit.TypeDefKind.VariantKind;
import java.util.ArrayList;
import java.util.List;

/** Walking the structure of WIT types. */
public final class WitTypes {

    private WitTypes() {}

    /** The types directly inside {@code type}: fields, cases, elements, alias targets; none for handles. */
    public static List<WitType> children(WitType type) {
        List<WitType> children = new ArrayList<>();
        if (type instanceof TypeDef def) {
            TypeDefKind kind = def.kind();
            if (kind instanceof AliasKind alias) {
                children.add(alias.target());
            } else if (kind instanceof RecordKind record) {
                record.fields().forEach(f -> children.add(f.type()));
            } else if (kind instanceof VariantKind variant) {
                variant.cases().forEach(c -> c.payload().ifPresent(children::add));
            }
        } else if (type instanceof WitType.ListType list) {
            children.add(list.element());
        } else if (type instanceof WitType.OptionType option) {
            children.add(option.element());
        } else if (type instanceof WitType.ResultType result) {
            result.ok().ifPresent(children::add);
            result.err().ifPresent(children::add);
        } else if (type instanceof WitType.TupleType tuple) {
            children.addAll(tuple.elements());
        } else if (type instanceof WitType.FutureType future) {
            future.element().ifPresent(children::add);
        } else if (type instanceof WitType.StreamType stream) {
            stream.element().ifPresent(children::add);
        }
        return children;
    }

    /** {@code type} with aliases followed; structural types are returned unchanged. */
    public static WitType unalias(WitType type) {
        return type instanceof TypeDef def ? def.unaliased() : type;
    }
}
