package io.airssys.wasm.abi;

import io.airssys.wasm.abi.CanonicalLayout.Cases;
import io.airssys.wasm.abi.WitValue.BoolValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.CharValue;
import io.airssys.wasm.abi.WitValue.EnumValue;
import io.airssys.wasm.abi.WitValue.F32Value;
import io.airssys.wasm.abi.WitValue.F64Value;
import io.airssys.wasm.abi.WitValue.FlagsValue;
import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.OptionValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.abi.WitValue.TupleValue;
import io.airssys.wasm.abi.WitValue.VariantValue;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.GuestMemory;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads WIT values out of a guest: from flat core values and from its memory. Trusts nothing:
 * every pointer, length, alignment, discriminant, char and string is checked, and a violation
 * is a {@link WasmAbiException}; memory is only ever read through bounds-checked access.
 *
 * <p>The canonical ABI lets strings and lists alias one another, so a small guest memory could
 * describe a value many times its size. Lifting therefore has a budget: at most
 * {@value #BUDGET_FACTOR} times the guest's memory size (strings count their bytes, list
 * elements at least {@value #ELEMENT_COST} bytes each); a value beyond it is refused before the
 * host builds it. NaNs are canonicalized, as the canonical ABI's lifting does.
 */
final class Lifter {

    /** Longest string or list the canonical ABI allows, in bytes: 2^28 - 1. */
    static final long MAX_BYTE_LENGTH = (1L << 28) - 1;

    static final int BUDGET_FACTOR = 4;
    static final int ELEMENT_COST = 16;
    private static final long MIN_BUDGET = 1 << 20;
    static final int CANONICAL_NAN32 = 0x7fc00000;
    static final long CANONICAL_NAN64 = 0x7ff8000000000000L;

    private final GuestAccess guest;
    private long limit = MIN_BUDGET;
    private long budget = MIN_BUDGET;

    Lifter(GuestAccess guest) {
        this.guest = guest;
    }

    /**
     * Accounts for {@code bytes} of host objects about to be built. The limit follows the guest's
     * memory, measured only when the smallest limit is passed (measuring may cost a crossing into
     * the engine) and again whenever it is passed, since the guest may have grown its memory.
     */
    private void charge(long bytes, Supplier<String> what) {
        budget -= bytes;
        if (budget < 0) {
            long grown = Math.max(MIN_BUDGET, BUDGET_FACTOR * guest.memory().size());
            budget += grown - limit;
            limit = grown;
        }
        if (budget < 0) {
            throw fail("lifting " + what.get() + " would take the value past " + limit + " bytes, " + BUDGET_FACTOR
                    + " times the guest memory; its strings or lists must overlap or be far too many");
        }
    }

    WitValue liftFlat(WitType witType, FlatReader values) {
        WitType type = CanonicalLayout.resolve(witType);
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL -> new BoolValue((Integer) values.next(ValueType.I32) != 0);
                case S8 -> new IntValue(primitive, (byte) (int) (Integer) values.next(ValueType.I32));
                case U8 -> new IntValue(primitive, (Integer) values.next(ValueType.I32) & 0xFF);
                case S16 -> new IntValue(primitive, (short) (int) (Integer) values.next(ValueType.I32));
                case U16 -> new IntValue(primitive, (Integer) values.next(ValueType.I32) & 0xFFFF);
                case S32 -> new IntValue(primitive, (Integer) values.next(ValueType.I32));
                case U32 -> new IntValue(primitive, Integer.toUnsignedLong((Integer) values.next(ValueType.I32)));
                case S64, U64 -> new IntValue(primitive, (Long) values.next(ValueType.I64));
                case F32 -> new F32Value(canonical((Float) values.next(ValueType.F32)));
                case F64 -> new F64Value(canonical((Double) values.next(ValueType.F64)));
                case CHAR -> character((Integer) values.next(ValueType.I32));
                case STRING -> string(u32(values.next(ValueType.I32)), u32(values.next(ValueType.I32)));
            };
        }
        if (type instanceof WitType.ListType list) {
            return list(list.element(), u32(values.next(ValueType.I32)), u32(values.next(ValueType.I32)));
        }
        if (type instanceof WitType.HandleType handle) {
            return handle(handle, (Integer) values.next(ValueType.I32));
        }
        List<WitType> members = CanonicalLayout.members(type);
        if (members != null) {
            List<WitValue> lifted = new ArrayList<>(members.size());
            for (WitType member : members) {
                lifted.add(liftFlat(member, values));
            }
            return aggregate(type, lifted);
        }
        Cases cases = CanonicalLayout.cases(type);
        if (cases != null) {
            int index = caseIndex(type, cases, u32(values.next(ValueType.I32)));
            List<ValueType> joined = CanonicalLayout.joinedPayload(cases);
            FlatReader coercing = FlatReader.coercing(values, joined);
            Optional<WitType> payloadType = cases.payloads().get(index);
            Optional<WitValue> payload = payloadType.map(t -> liftFlat(t, coercing));
            int used = payloadType.map(t -> CanonicalLayout.flatten(t).size()).orElse(0);
            for (int i = used; i < joined.size(); i++) {
                values.next(joined.get(i));
            }
            return caseValue(type, cases, index, payload);
        }
        return flags(type, Integer.toUnsignedLong((Integer) values.next(ValueType.I32)));
    }

    /** Loads a value of {@code type} stored at {@code address}, after checking alignment and bounds. */
    WitValue load(WitType witType, long address) {
        WitType type = CanonicalLayout.resolve(witType);
        checkRange(address, CanonicalLayout.size(type), CanonicalLayout.alignment(type), type::toString);
        return loadChecked(type, address);
    }

    private WitValue loadChecked(WitType type, long address) {
        GuestMemory memory = guest.memory();
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL -> new BoolValue(memory.readByte(address) != 0);
                case S8 -> new IntValue(primitive, memory.readByte(address));
                case U8 -> new IntValue(primitive, memory.readByte(address) & 0xFF);
                case S16 -> new IntValue(primitive, memory.readShort(address));
                case U16 -> new IntValue(primitive, memory.readShort(address) & 0xFFFF);
                case S32 -> new IntValue(primitive, memory.readInt(address));
                case U32 -> new IntValue(primitive, Integer.toUnsignedLong(memory.readInt(address)));
                case S64, U64 -> new IntValue(primitive, memory.readLong(address));
                case F32 -> new F32Value(canonical(Float.intBitsToFloat(memory.readInt(address))));
                case F64 -> new F64Value(canonical(Double.longBitsToDouble(memory.readLong(address))));
                case CHAR -> character(memory.readInt(address));
                case STRING ->
                    string(
                            Integer.toUnsignedLong(memory.readInt(address)),
                            Integer.toUnsignedLong(memory.readInt(address + 4)));
            };
        }
        if (type instanceof WitType.ListType list) {
            return list(
                    list.element(),
                    Integer.toUnsignedLong(memory.readInt(address)),
                    Integer.toUnsignedLong(memory.readInt(address + 4)));
        }
        if (type instanceof WitType.HandleType handle) {
            return handle(handle, memory.readInt(address));
        }
        List<WitType> members = CanonicalLayout.members(type);
        if (members != null) {
            int[] offsets = CanonicalLayout.memberOffsets(members);
            List<WitValue> lifted = new ArrayList<>(members.size());
            for (int i = 0; i < offsets.length; i++) {
                lifted.add(loadChecked(CanonicalLayout.resolve(members.get(i)), address + offsets[i]));
            }
            return aggregate(type, lifted);
        }
        Cases cases = CanonicalLayout.cases(type);
        if (cases != null) {
            long discriminant = readUnsigned(address, CanonicalLayout.discriminantSize(cases.count()));
            int index = caseIndex(type, cases, discriminant);
            long payloadAddress = address + CanonicalLayout.payloadOffset(cases);
            Optional<WitValue> payload =
                    cases.payloads().get(index).map(t -> loadChecked(CanonicalLayout.resolve(t), payloadAddress));
            return caseValue(type, cases, index, payload);
        }
        return flags(type, readUnsigned(address, CanonicalLayout.flagsSize(CanonicalLayout.flagCount(type))));
    }

    private long readUnsigned(long address, int bytes) {
        GuestMemory memory = guest.memory();
        return switch (bytes) {
            case 1 -> memory.readByte(address) & 0xFF;
            case 2 -> memory.readShort(address) & 0xFFFF;
            default -> Integer.toUnsignedLong(memory.readInt(address));
        };
    }

    private static float canonical(float value) {
        return Float.isNaN(value) ? Float.intBitsToFloat(CANONICAL_NAN32) : value;
    }

    private static double canonical(double value) {
        return Double.isNaN(value) ? Double.longBitsToDouble(CANONICAL_NAN64) : value;
    }

    private WitValue string(long address, long length) {
        if (length > MAX_BYTE_LENGTH) {
            throw fail("string of " + length + " bytes at " + address + " is longer than the canonical ABI's limit of "
                    + MAX_BYTE_LENGTH + " bytes");
        }
        checkRange(address, length, 1, () -> "string");
        charge(length, () -> "a string of " + length + " bytes");
        byte[] utf8 = guest.memory().read(address, (int) length);
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
            return new StringValue(text);
        } catch (CharacterCodingException e) {
            throw fail("string of " + length + " bytes at " + address + " is not valid UTF-8");
        }
    }

    private WitValue list(WitType elementType, long address, long length) {
        WitType element = CanonicalLayout.resolve(elementType);
        int size = CanonicalLayout.size(element);
        if (length * size > MAX_BYTE_LENGTH) {
            throw fail("list<" + element + "> of " + length + " elements at " + address + " spans " + length * size
                    + " bytes, more than the canonical ABI's limit of " + MAX_BYTE_LENGTH + " bytes");
        }
        checkRange(
                address, length * size, CanonicalLayout.alignment(element), () -> "list<" + element + "> of " + length);
        if (element == WitPrimitive.U8) {
            charge(length, () -> "a list<u8> of " + length + " bytes");
            return new BytesValue(guest.memory().read(address, (int) length));
        }
        charge(length * Math.max(size, ELEMENT_COST), () -> "a list<" + element + "> of " + length + " elements");
        List<WitValue> elements = new ArrayList<>((int) Math.min(length, 1 << 16));
        for (long i = 0; i < length; i++) {
            elements.add(loadChecked(element, address + i * size));
        }
        return new ListValue(elements);
    }

    /**
     * Takes a handle out of the guest's table: {@code own} moves the resource to the host (the
     * handle is removed), {@code borrow} lends it for the call in progress.
     */
    private WitValue handle(WitType.HandleType handleType, int index) {
        HandleTable table = guest.handles();
        ResourceType type = ResourceType.of(handleType.resource());
        HandleTable.Handle handle = table.get(index, type, guest::context);
        HandleTable.CallScope scope = table.current();
        if (handleType.borrowed()) {
            if (scope != null) {
                scope.lend(handle);
            }
            if (handle.host != null) {
                return new WitValue.HostResource(handle.host);
            }
            GuestResource view = GuestResource.borrowed(type, handle.rep, origin(table, type));
            if (scope != null) {
                scope.view(view);
            }
            return view;
        }
        if (!handle.own) {
            throw fail("handle " + index + " borrows a " + type.name() + ", so it cannot be given away as own<"
                    + type.name() + ">");
        }
        if (handle.lends != 0) {
            throw fail("handle " + index + " of " + type + " is lent to a call in progress and cannot be given away");
        }
        table.remove(index, type, guest::context);
        if (handle.host != null) {
            if (scope != null) {
                scope.took(handle);
            }
            return new WitValue.HostResource(handle.host);
        }
        return GuestResource.owned(type, handle.rep, origin(table, type));
    }

    private ResourceOrigin origin(HandleTable table, ResourceType type) {
        if (table.origin() == null) {
            throw fail("it passed its own " + type + " to the host outside a call the host made to it");
        }
        return table.origin();
    }

    private WitValue character(int codePoint) {
        if (!CharValue.isScalar(codePoint)) {
            throw fail(String.format("0x%X is not a valid char (a Unicode scalar value)", codePoint));
        }
        return new CharValue(codePoint);
    }

    private static WitValue aggregate(WitType type, List<WitValue> values) {
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.RecordKind record) {
            Map<String, WitValue> fields = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                fields.put(record.fields().get(i).name(), values.get(i));
            }
            return new RecordValue(fields);
        }
        return new TupleValue(values);
    }

    private int caseIndex(WitType type, Cases cases, long discriminant) {
        if (discriminant >= cases.count()) {
            throw fail("discriminant " + discriminant + " is out of range for " + describe(type) + " with "
                    + cases.count() + " cases");
        }
        return (int) discriminant;
    }

    private static WitValue caseValue(WitType type, Cases cases, int index, Optional<WitValue> payload) {
        if (type instanceof WitType.OptionType) {
            return new OptionValue(payload);
        }
        if (type instanceof WitType.ResultType) {
            return new ResultValue(index == 0, payload);
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind) {
            return new EnumValue(cases.names().get(index));
        }
        return new VariantValue(cases.names().get(index), payload);
    }

    private static WitValue flags(WitType type, long bits) {
        List<String> names = ((TypeDefKind.FlagsKind) ((TypeDef) type).kind()).flags();
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if ((bits >>> i & 1) != 0) {
                set.add(names.get(i));
            }
        }
        return new FlagsValue(set);
    }

    /** Checks that {@code [address, address + length)} is aligned and inside the guest's memory; {@code what} names it in the error, built only then. */
    void checkRange(long address, long length, int alignment, Supplier<String> what) {
        if (address % alignment != 0) {
            throw fail(what.get() + " at " + address + " is not aligned to " + alignment + " bytes");
        }
        if (!guest.memory().contains(address, length)) {
            throw fail(what.get() + " spanning " + length + " bytes at " + address + " is outside the guest memory of "
                    + guest.memory().size() + " bytes");
        }
    }

    private WasmAbiException fail(String problem) {
        return new WasmAbiException(guest.context() + ": " + problem);
    }

    private static long u32(Object value) {
        return Integer.toUnsignedLong((Integer) value);
    }

    private static String describe(WitType type) {
        return type instanceof TypeDef def ? def.name() : type.toString();
    }
}
