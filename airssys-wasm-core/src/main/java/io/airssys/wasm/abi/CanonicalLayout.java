package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Sizes, alignments and flattenings of WIT types, as the canonical ABI defines them
 * (CanonicalABI.md: {@code elem_size}, {@code alignment}, {@code flatten_type}).
 */
public final class CanonicalLayout {

    /** Flat core parameters beyond which parameters travel through memory. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** Flat core results beyond which the result travels through memory. */
    public static final int MAX_FLAT_RESULTS = 1;

    private CanonicalLayout() {}

    /** The cases of a variant-like type (variant, enum, option, result): names and payload types. */
    public record Cases(List<String> names, List<Optional<WitType>> payloads) {
        public int count() {
            return names.size();
        }
    }

    /**
     * What a type is once aliases are followed; every ABI function starts here. A resource named
     * plainly is its {@code own} handle.
     */
    public static WitType resolve(WitType type) {
        WitType current = type instanceof TypeDef def ? def.unaliased() : type;
        if (current instanceof TypeDef def && def.kind() instanceof TypeDefKind.ResourceKind) {
            return new WitType.HandleType(def, false);
        }
        if (current instanceof WitType.FutureType
                || current instanceof WitType.StreamType
                || current instanceof WitType.ErrorContextType) {
            throw new IllegalArgumentException("async types (future, stream, error-context) are not supported");
        }
        return current;
    }

    /** The cases of {@code type} if it is variant-like, else null. */
    public static Cases cases(WitType type) {
        if (type instanceof WitType.OptionType option) {
            return new Cases(List.of("none", "some"), List.of(Optional.empty(), Optional.of(option.element())));
        }
        if (type instanceof WitType.ResultType result) {
            return new Cases(List.of("ok", "err"), List.of(result.ok(), result.err()));
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.VariantKind variant) {
            return new Cases(
                    variant.cases().stream().map(TypeDefKind.Case::name).toList(),
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
    public static List<WitType> members(WitType type) {
        if (type instanceof WitType.TupleType tuple) {
            return tuple.elements();
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.RecordKind record) {
            return record.fields().stream().map(TypeDefKind.Field::type).toList();
        }
        return null;
    }

    public static int flagCount(WitType type) {
        return type instanceof TypeDef def && def.kind() instanceof TypeDefKind.FlagsKind flags
                ? flags.flags().size()
                : -1;
    }

    /** Bytes of the discriminant of a variant with {@code caseCount} cases. */
    public static int discriminantSize(int caseCount) {
        return caseCount <= 0x100 ? 1 : caseCount <= 0x10000 ? 2 : 4;
    }

    /** Bytes a flags value of {@code count} flags occupies. */
    static int flagsSize(int count) {
        return count <= 8 ? 1 : count <= 16 ? 2 : 4;
    }

    public static int alignment(WitType witType) {
        return layout(witType).alignment();
    }

    /**
     * @throws IllegalArgumentException if a value of the type would take more than 2 GiB, which
     *                                  the canonical ABI cannot carry
     */
    public static int size(WitType witType) {
        long size = layout(witType).size();
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "type " + witType + " takes more than 2 GiB of memory; " + "the canonical ABI cannot carry it");
        }
        return (int) size;
    }

    /** Offset of a variant's payload from the start of the variant. */
    public static int payloadOffset(Cases cases) {
        return alignTo(discriminantSize(cases.count()), maxCaseAlignment(cases));
    }

    /** Offset of each member of a record or tuple. */
    public static int[] memberOffsets(List<WitType> members) {
        int[] offsets = new int[members.size()];
        int offset = 0;
        for (int i = 0; i < offsets.length; i++) {
            offset = alignTo(offset, alignment(members.get(i)));
            offsets[i] = offset;
            offset += size(members.get(i));
        }
        return offsets;
    }

    /**
     * The core value types a value of this type flattens to. A type of more than
     * {@value #MAX_FLAT_PARAMS} flat values travels through memory wherever it appears, so its
     * flattening stops at {@value #MAX_FLAT_PARAMS} + 1 values: enough to tell, whatever the type's size.
     */
    public static List<ValueType> flatten(WitType witType) {
        return layout(witType).flat();
    }

    /** Size (saturating past 2 GiB), alignment and (capped) flattening of a type; computed once per named type. */
    private record Layout(long size, int alignment, List<ValueType> flat) {}

    private static final Map<TypeDef, Layout> LAYOUTS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final int FLAT_CAP = MAX_FLAT_PARAMS + 1;
    /** Largest value a type may describe: a value's layout never takes more than 2 GiB. */
    private static final long MAX_SIZE = Integer.MAX_VALUE;

    private static Layout layout(WitType witType) {
        WitType type = resolve(witType);
        if (type instanceof TypeDef def) {
            Layout cached = LAYOUTS.get(def);
            if (cached == null) {
                cached = compute(def);
                LAYOUTS.put(def, cached);
            }
            return cached;
        }
        return compute(type);
    }

    private static Layout compute(WitType type) {
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL, S8, U8 -> new Layout(1, 1, List.of(ValueType.I32));
                case S16, U16 -> new Layout(2, 2, List.of(ValueType.I32));
                case S32, U32, CHAR -> new Layout(4, 4, List.of(ValueType.I32));
                case F32 -> new Layout(4, 4, List.of(ValueType.F32));
                case S64, U64 -> new Layout(8, 8, List.of(ValueType.I64));
                case F64 -> new Layout(8, 8, List.of(ValueType.F64));
                case STRING -> new Layout(8, 4, List.of(ValueType.I32, ValueType.I32));
            };
        }
        if (type instanceof WitType.ListType) {
            return new Layout(8, 4, List.of(ValueType.I32, ValueType.I32));
        }
        if (type instanceof WitType.HandleType) {
            return new Layout(4, 4, List.of(ValueType.I32));
        }
        List<WitType> members = members(type);
        if (members != null) {
            int alignment = 1;
            long size = 0;
            List<ValueType> flat = new ArrayList<>();
            for (WitType member : members) {
                Layout layout = layout(member);
                alignment = Math.max(alignment, layout.alignment());
                size = saturated(alignTo(size, layout.alignment()) + layout.size());
                appendCapped(flat, layout.flat());
            }
            return new Layout(saturated(alignTo(size, alignment)), alignment, List.copyOf(flat));
        }
        Cases cases = cases(type);
        if (cases != null) {
            int caseAlignment = 1;
            long caseSize = 0;
            for (Optional<WitType> payload : cases.payloads()) {
                if (payload.isPresent()) {
                    Layout layout = layout(payload.get());
                    caseAlignment = Math.max(caseAlignment, layout.alignment());
                    caseSize = Math.max(caseSize, layout.size());
                }
            }
            int alignment = Math.max(discriminantSize(cases.count()), caseAlignment);
            long size = alignTo(alignTo(discriminantSize(cases.count()), caseAlignment) + caseSize, alignment);
            List<ValueType> flat = new ArrayList<>(List.of(ValueType.I32));
            appendCapped(flat, joinedPayload(cases));
            return new Layout(saturated(size), alignment, List.copyOf(flat));
        }
        int flags = flagsSize(flagCount(type));
        return new Layout(flags, flags, List.of(ValueType.I32));
    }

    private static void appendCapped(List<ValueType> flat, List<ValueType> more) {
        for (int i = 0; i < more.size() && flat.size() < FLAT_CAP; i++) {
            flat.add(more.get(i));
        }
    }

    /** Sizes past 2 GiB are all alike (unusable); capping them keeps the arithmetic from overflowing. */
    private static long saturated(long size) {
        return Math.min(size, MAX_SIZE + 1);
    }

    /** The flat payload slots of a variant: each case's flattening joined slot by slot. */
    public static List<ValueType> joinedPayload(Cases cases) {
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

    public static ValueType join(ValueType a, ValueType b) {
        if (a == b) {
            return a;
        }
        if (a == ValueType.I32 && b == ValueType.F32 || a == ValueType.F32 && b == ValueType.I32) {
            return ValueType.I32;
        }
        return ValueType.I64;
    }

    public static int alignTo(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static long alignTo(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static int maxCaseAlignment(Cases cases) {
        return cases.payloads().stream()
                .flatMap(Optional::stream)
                .mapToInt(CanonicalLayout::alignment)
                .max()
                .orElse(1);
    }
}
