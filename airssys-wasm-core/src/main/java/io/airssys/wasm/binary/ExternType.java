package io.airssys.wasm.binary;

import java.util.List;
import java.util.OptionalLong;

/** The type of an imported or exported entity; one record per {@link ExternKind}. */
public sealed interface ExternType {

    ExternKind kind();

    /** A function signature. */
    record FunctionType(List<ValueType> params, List<ValueType> results) implements ExternType {
        public FunctionType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }

        @Override
        public ExternKind kind() {
            return ExternKind.FUNCTION;
        }

        @Override
        public String toString() {
            return params + " -> " + results;
        }
    }

    /** Linear memory limits in 64 KiB pages. */
    record MemoryType(long minPages, OptionalLong maxPages, boolean shared, boolean memory64) implements ExternType {
        @Override
        public ExternKind kind() {
            return ExternKind.MEMORY;
        }
    }

    /** A table of references. */
    record TableType(ValueType elementType, long min, OptionalLong max) implements ExternType {
        @Override
        public ExternKind kind() {
            return ExternKind.TABLE;
        }
    }

    /** A global variable. */
    record GlobalType(ValueType valueType, boolean mutable) implements ExternType {
        @Override
        public ExternKind kind() {
            return ExternKind.GLOBAL;
        }
    }

    /** An exception tag (exception-handling proposal), referring to a function type. */
    record TagType(int typeIndex) implements ExternType {
        @Override
        public ExternKind kind() {
            return ExternKind.TAG;
        }
    }
}
