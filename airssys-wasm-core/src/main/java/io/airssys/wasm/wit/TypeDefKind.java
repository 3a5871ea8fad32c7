package io.airssys.wasm.wit;

import java.util.List;
import java.util.Optional;

/** What a named type is. */
public sealed interface TypeDefKind {

    /** {@code type name = target;} */
    record AliasKind(WitType target) implements TypeDefKind {}

    /** {@code record name { fields }} */
    record RecordKind(List<Field> fields) implements TypeDefKind {
        public RecordKind {
            fields = List.copyOf(fields);
        }
    }

    /** {@code variant name { cases }} */
    record VariantKind(List<Case> cases) implements TypeDefKind {
        public VariantKind {
            cases = List.copyOf(cases);
        }
    }

    /** {@code enum name { cases }} */
    record EnumKind(List<String> cases) implements TypeDefKind {
        public EnumKind {
            cases = List.copyOf(cases);
        }
    }

    /** {@code flags name { flags }} */
    record FlagsKind(List<String> flags) implements TypeDefKind {
        public FlagsKind {
            flags = List.copyOf(flags);
        }
    }

    /** {@code resource name { ... }}; its functions live in the interface as {@code [method]name.f} etc. */
    record ResourceKind() implements TypeDefKind {}

    record Field(String name, WitType type, String docs) {}

    record Case(String name, Optional<WitType> payload, String docs) {}
}
