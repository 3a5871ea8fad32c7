package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sizes, alignments and flattenings of WIT types, as the canonical ABI defines them
 * (CanonicalABI.md: {@code elem_size}, {@code alignment}, {@code flatten_type}).
 */
public final class CanonicalLayout {

    /** Flat core parameters beyond which parameters travel through memory. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** Flat core results beyond which the result travels through memory. */
    public static final int MAX_FLAT_RESULTS = 1;

    private CanonicalLayout() {
    }

    /** The cases of a variant-like type (variant, enum, option, result): names and payload types. */
    record Cases(List<String> names, List<Optional<WitType>> payloads) {
        int count() {
            return names.size();
        }
    }

    /** What a type is once aliases are followed; every ABI function starts here. */
    static WitType resolve(WitType type) {
        WitType current = type instanceof TypeDef def ? def.unaliased() : type;
        if (current instanceof WitType.HandleType) {
            throw new IllegalArgumentException("resource handles are not supported by the ABI yet");
        }
        if (current instanceof WitType.FutureType || current instanceof WitType.StreamType
                || current instanceof WitType.ErrorContextType) {
            throw new IllegalArgumentException("async types (future, stream, error-context) are not supported");
        }
        return current;
    }

    /** The cases of {@code type} if it is variant-like, else null. */
    static Cases cases(WitType type) {
        if (type instanceof WitType.OptionType option) {
            return new Cases(List.of("none", "some"), List.of(Optional.empty(), Optional.of(option.element())));
        }
        if (type instanceof WitType.ResultType result) {
            return new Cases(List.of("ok", "err"), List.of(result.ok(), result.err()));
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.VariantKind variant) {
            return new Cases(variant.cases().stream().map(TypeDefKind.Case::name).toList(),
                    variant.cases().stream().map(TypeDefKind.Case::payload).toList());
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind enumKind) {
            List<Optional<WitType>> none = new ArrayList<>();
            enumKind.cases().forEach(c -> none.add(Optional.empty()));
            return new Cases(enumKind.cases(), none);
        }
        return null;
    }

    /** Types laid out one after another: record fields or tuple elements; null if neither. */
    static List<WitType> members(WitType type) {
        if (type instanceof WitType.TupleType tuple) {
            return tuple.elements();
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.RecordKind record) {
            return record.fields().stream().map(TypeDefKind.Field::type).toList();
        }
        return null;
    }

    static int flagCount(WitType type) {
        return type instanceof TypeDef def && def.kind() instanceof TypeDefKind.FlagsKind flags ? flags.flags().size() : -1;
    }

    /** Bytes of the discriminant of a variant with {@code caseCount} cases. */
    static int discriminantSize(int caseCount) {
        return caseCount <= 0x100 ? 1 : caseCount <= 0x10000 ? 2 : 4;
    }

    /** Bytes a flags value of {@code count} flags occupies. */
    static int flagsSize(int count) {
        return count <= 8 ? 1 : count <= 16 ? 2 : 4;
    }

    public static int alignment(WitType witType) {
        WitType type = resolve(witType);
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL, S8, U8 -> 1;
                case S16, U16 -> 2;
                case S32, U32, F32, CHAR, STRING -> 4;
                case S64, U64, F64 -> 8;
            };
        }
        if (type instanceof WitType.ListType) {
            return 4;
        }
        List<WitType> members = members(type);
        if (members != null) {
            return members.stream().mapToInt(CanonicalLayout::alignment).max().orElse(1);
        }
        Cases cases = cases(type);
        if (cases != null) {
            return Math.max(discriminantSize(cases.count()), maxCaseAlignment(cases));
        }
        return flagsSize(flagCount(type));
    }

    public static int size(WitType witType) {
        WitType type = resolve(witType);
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL, S8, U8 -> 1;
                case S16, U16 -> 2;
                case S32, U32, F32, CHAR -> 4;
                case S64, U64, F64, STRING -> 8;
            };
        }
        if (type instanceof WitType.ListType) {
            return 8;
        }
        List<WitType> members = members(type);
        if (members != null) {
            int size = 0;
            for (WitType member : members) {
                size = alignTo(size, alignment(member)) + size(member);
            }
            return alignTo(size, alignment(type));
        }
        Cases cases = cases(type);
        if (cases != null) {
            int size = alignTo(discriminantSize(cases.count()), maxCaseAlignment(cases)) + maxCaseSize(cases);
            return alignTo(size, alignment(type));
        }
        return flagsSize(flagCount(type));
    }

    /** Offset of a variant's payload from the start of the variant. */
    static int payloadOffset(Cases cases) {
        return alignTo(discriminantSize(cases.count()), maxCaseAlignment(cases));
    }

    /** Offset of each member of a record or tuple. */
    static int[] memberOffsets(List<WitType> members) {
        int[] offsets = new int[members.size()];
        int offset = 0;
        for (int i = 0; i < offsets.length; i++) {
            offset = alignTo(offset, alignment(members.get(i)));
            offsets[i] = offset;
            offset += size(members.get(i));
        }
        return offsets;
    }

    /** The core value types a value of this type flattens to. */
    public static List<ValueType> flatten(WitType witType) {
        WitType type = resolve(witType);
        List<ValueType> flat = new ArrayList<>();
        if (type instanceof WitPrimitive primitive) {
            switch (primitive) {
                case S64, U64 -> flat.add(ValueType.I64);
                case F32 -> flat.add(ValueType.F32);
                case F64 -> flat.add(ValueType.F64);
                case STRING -> {
                    flat.add(ValueType.I32);
                    flat.add(ValueType.I32);
                }
                default -> flat.add(ValueType.I32);
            }
            return flat;
        }
        if (type instanceof WitType.ListType) {
            return List.of(ValueType.I32, ValueType.I32);
        }
        List<WitType> members = members(type);
        if (members != null) {
            members.forEach(m -> flat.addAll(flatten(m)));
            return flat;
        }
        Cases cases = cases(type);
        if (cases != null) {
            flat.add(ValueType.I32);
            flat.addAll(joinedPayload(cases));
            return flat;
        }
        return List.of(ValueType.I32);
    }

    /** The flat payload slots of a variant: each case's flattening joined slot by slot. */
    static List<ValueType> joinedPayload(Cases cases) {
        List<ValueType> joined = new ArrayList<>();
        for (Optional<WitType> payload : cases.payloads()) {
            if (payload.isPresent()) {
                List<ValueType> flat = flatten(payload.get());
                for (int i = 0; i < flat.size(); i++) {
                    if (i < joined.size()) {
                        joined.set(i, join(joined.get(i), flat.get(i)));
                    } else {
                        joined.add(flat.get(i));
                    }
                }
            }
        }
        return joined;
    }

    static ValueType join(ValueType a, ValueType b) {
        if (a == b) {
            return a;
        }
        if (a == ValueType.I32 && b == ValueType.F32 || a == ValueType.F32 && b == ValueType.I32) {
            return ValueType.I32;
        }
        return ValueType.I64;
    }

    static int alignTo(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static int maxCaseAlignment(Cases cases) {
        return cases.payloads().stream().flatMap(Optional::stream).mapToInt(CanonicalLayout::alignment).max().orElse(1);
    }

    private static int maxCaseSize(Cases cases) {
        return cases.payloads().stream().flatMap(Optional::stream).mapToInt(CanonicalLayout::size).max().orElse(0);
    }
}
