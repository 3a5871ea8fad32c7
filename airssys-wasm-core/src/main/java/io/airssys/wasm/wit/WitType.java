package io.airssys.wasm.wit;

import java.util.List;
import java.util.Optional;

/** A resolved WIT type: a primitive, a parameterized type, or a named {@link TypeDef}. */
public sealed interface WitType
        permits WitPrimitive,
                WitType.ListType,
                WitType.OptionType,
                WitType.ResultType,
                WitType.TupleType,
                WitType.HandleType,
                WitType.FutureType,
                WitType.StreamType,
                WitType.ErrorContextType,
                TypeDef {

    /** {@code list<T>} */
    record ListType(WitType element) implements WitType {
        @Override
        public String toString() {
            return "list<" + element + ">";
        }
    }

    /** {@code option<T>} */
    record OptionType(WitType element) implements WitType {
        @Override
        public String toString() {
            return "option<" + element + ">";
        }
    }

    /** {@code result<T, E>}, either side possibly absent. */
    record ResultType(Optional<WitType> ok, Optional<WitType> err) implements WitType {
        @Override
        public String toString() {
            if (ok.isEmpty() && err.isEmpty()) {
                return "result";
            }
            return "result<" + ok.map(Object::toString).orElse("_")
                    + err.map(e -> ", " + e).orElse("") + ">";
        }
    }

    /** {@code tuple<A, B, ...>} */
    record TupleType(List<WitType> elements) implements WitType {
        public TupleType {
            elements = List.copyOf(elements);
        }

        @Override
        public String toString() {
            return "tuple<"
                    + String.join(", ", elements.stream().map(Object::toString).toList()) + ">";
        }
    }

    /** {@code own<R>} (written plain {@code R}) or {@code borrow<R>} of a resource. */
    record HandleType(TypeDef resource, boolean borrowed) implements WitType {
        @Override
        public String toString() {
            return borrowed ? "borrow<" + resource.name() + ">" : resource.name();
        }
    }

    /** {@code future<T>} (async; parsed, not callable through the ABI). */
    record FutureType(Optional<WitType> element) implements WitType {}

    /** {@code stream<T>} (async; parsed, not callable through the ABI). */
    record StreamType(Optional<WitType> element) implements WitType {}

    /** {@code error-context} (async; parsed, not callable through the ABI). */
    record ErrorContextType() implements WitType {}
}
