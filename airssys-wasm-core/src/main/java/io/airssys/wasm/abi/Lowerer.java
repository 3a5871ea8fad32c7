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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes WIT values into a guest: as flat core values and into its memory, allocating through
 * the guest's {@code cabi_realloc} and checking every pointer it hands back. A value that does
 * not match its type is an {@link IllegalArgumentException} naming where it is wrong.
 */
final class Lowerer {

    private final GuestAccess guest;
    private final Lifter checker;

    Lowerer(GuestAccess guest) {
        this.guest = guest;
        this.checker = new Lifter(guest);
    }

    /** Appends the flat core values of {@code value} to {@code out}. */
    void lowerFlat(WitType witType, WitValue value, List<Object> out, ValuePath path) {
        WitType type = CanonicalLayout.resolve(witType);
        if (type instanceof WitPrimitive primitive) {
            switch (primitive) {
                case BOOL -> out.add(expect(value, BoolValue.class, type, path).value() ? 1 : 0);
                case S64, U64 -> out.add(integer(value, primitive, path));
                case F32 -> out.add(expect(value, F32Value.class, type, path).value());
                case F64 -> out.add(expect(value, F64Value.class, type, path).value());
                case CHAR -> out.add(expect(value, CharValue.class, type, path).codePoint());
                case STRING -> {
                    long[] stored = storeString(
                            expect(value, StringValue.class, type, path).value(), path);
                    out.add((int) stored[0]);
                    out.add((int) stored[1]);
                }
                default -> out.add((int) integer(value, primitive, path));
            }
            return;
        }
        if (type instanceof WitType.ListType list) {
            long[] stored = storeList(list.element(), value, path);
            out.add((int) stored[0]);
            out.add((int) stored[1]);
            return;
        }
        if (type instanceof WitType.HandleType handle) {
            out.add(handle(handle, value, path));
            return;
        }
        List<WitType> members = CanonicalLayout.members(type);
        if (members != null) {
            List<WitValue> values = memberValues(type, value, path);
            for (int i = 0; i < members.size(); i++) {
                lowerFlat(members.get(i), values.get(i), out, member(path, type, i));
            }
            return;
        }
        Cases cases = CanonicalLayout.cases(type);
        if (cases != null) {
            CaseChoice choice = caseChoice(type, cases, value, path);
            out.add(choice.index());
            List<ValueType> joined = CanonicalLayout.joinedPayload(cases);
            List<Object> payload = new ArrayList<>();
            Optional<WitType> payloadType = cases.payloads().get(choice.index());
            if (payloadType.isPresent()) {
                lowerFlat(
                        payloadType.get(),
                        choice.payload(),
                        payload,
                        path.field(cases.names().get(choice.index())));
                List<ValueType> have = CanonicalLayout.flatten(payloadType.get());
                for (int i = 0; i < payload.size(); i++) {
                    out.add(coerce(payload.get(i), have.get(i), joined.get(i)));
                }
            }
            for (int i = payload.size(); i < joined.size(); i++) {
                out.add(zero(joined.get(i)));
            }
            return;
        }
        out.add((int) flagBits(type, value, path));
    }

    /** Stores {@code value} at {@code address}, which the caller has checked. */
    void store(WitType witType, WitValue value, long address, ValuePath path) {
        WitType type = CanonicalLayout.resolve(witType);
        GuestMemory memory = guest.memory();
        if (type instanceof WitPrimitive primitive) {
            switch (primitive) {
                case BOOL ->
                    memory.writeByte(address, (byte)
                            (expect(value, BoolValue.class, type, path).value() ? 1 : 0));
                case S8, U8 -> memory.writeByte(address, (byte) integer(value, primitive, path));
                case S16, U16 -> memory.writeShort(address, (short) integer(value, primitive, path));
                case S32, U32 -> memory.writeInt(address, (int) integer(value, primitive, path));
                case S64, U64 -> memory.writeLong(address, integer(value, primitive, path));
                case F32 ->
                    memory.writeInt(
                            address,
                            Float.floatToRawIntBits(
                                    expect(value, F32Value.class, type, path).value()));
                case F64 ->
                    memory.writeLong(
                            address,
                            Double.doubleToRawLongBits(
                                    expect(value, F64Value.class, type, path).value()));
                case CHAR ->
                    memory.writeInt(
                            address, expect(value, CharValue.class, type, path).codePoint());
                case STRING ->
                    writePointerAndLength(
                            address,
                            storeString(
                                    expect(value, StringValue.class, type, path).value(), path));
            }
            return;
        }
        if (type instanceof WitType.ListType list) {
            writePointerAndLength(address, storeList(list.element(), value, path));
            return;
        }
        if (type instanceof WitType.HandleType handle) {
            memory.writeInt(address, handle(handle, value, path));
            return;
        }
        List<WitType> members = CanonicalLayout.members(type);
        if (members != null) {
            List<WitValue> values = memberValues(type, value, path);
            int[] offsets = CanonicalLayout.memberOffsets(members);
            for (int i = 0; i < offsets.length; i++) {
                store(members.get(i), values.get(i), address + offsets[i], member(path, type, i));
            }
            return;
        }
        Cases cases = CanonicalLayout.cases(type);
        if (cases != null) {
            CaseChoice choice = caseChoice(type, cases, value, path);
            writeUnsigned(address, CanonicalLayout.discriminantSize(cases.count()), choice.index());
            Optional<WitType> payloadType = cases.payloads().get(choice.index());
            if (payloadType.isPresent()) {
                store(
                        payloadType.get(),
                        choice.payload(),
                        address + CanonicalLayout.payloadOffset(cases),
                        path.field(cases.names().get(choice.index())));
            }
            return;
        }
        writeUnsigned(address, CanonicalLayout.flagsSize(CanonicalLayout.flagCount(type)), flagBits(type, value, path));
    }

    /** Allocates room for a value of {@code type} in the guest and stores it there; returns the pointer. */
    long allocateAndStore(WitType type, WitValue value, ValuePath path) {
        long address = allocate(CanonicalLayout.alignment(type), CanonicalLayout.size(type), type::toString);
        store(type, value, address, path);
        return address;
    }

    /**
     * Puts a resource in the guest's hands: its own resources go back as their representation
     * ({@code borrow}) or a new own handle ({@code own}, after which the host's object is spent);
     * the host's resources get a new handle, a borrow ending with the call in progress.
     */
    private int handle(WitType.HandleType handleType, WitValue value, ValuePath path) {
        HandleTable table = guest.handles();
        ResourceType type = ResourceType.of(handleType.resource());
        if (value instanceof GuestResource resource) {
            if (!resource.type().equals(type)) {
                throw new IllegalArgumentException(path + ": expected a handle of " + type + " but got " + resource);
            }
            if (table.origin() == null
                    || resource.origin().instance() != table.origin().instance()) {
                throw new IllegalArgumentException(path + ": " + resource
                        + " belongs to another instance; a resource is used only on the instance that made it");
            }
            if (handleType.borrowed()) {
                resource.requireOpen();
                return resource.rep();
            }
            resource.moveOut();
            return table.add(new HandleTable.Handle(type, resource.rep(), null, true, null), guest::context);
        }
        if (value instanceof WitValue.HostResource host) {
            if (table.origin() != null && table.origin().invoker().implementsResource(type)) {
                throw new IllegalArgumentException(path + ": expected a " + type.name() + " the component made, not "
                        + host.object() + "; the component implements " + type);
            }
            if (!handleType.borrowed()) {
                try {
                    return table.add(new HandleTable.Handle(type, 0, host.object(), true, null), guest::context);
                } catch (WasmAbiException full) {
                    HandleTable.closeHostObject(host.object(), type); // nobody would own it
                    throw full;
                }
            }
            HandleTable.CallScope scope = table.current();
            if (scope == null) {
                throw new IllegalStateException(path + ": a borrow<" + type.name() + "> is lent for a call only");
            }
            int index = table.add(new HandleTable.Handle(type, 0, host.object(), false, scope), guest::context);
            scope.borrows++;
            return index;
        }
        throw new IllegalArgumentException(
                path + ": expected a handle of " + type + " but got " + (value == null ? "null" : value));
    }

    private long[] storeString(String text, ValuePath path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(path + ": the string has an unpaired surrogate (U+"
                        + String.format("%04X", (int) c) + ") at index " + i
                        + "; a WIT string holds Unicode scalar values only");
            }
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        long address = allocate(1, utf8.length, () -> "string");
        guest.memory().write(address, utf8);
        return new long[] {address, utf8.length};
    }

    private long[] storeList(WitType elementType, WitValue value, ValuePath path) {
        WitType element = CanonicalLayout.resolve(elementType);
        int size = CanonicalLayout.size(element);
        if (element == WitPrimitive.U8 && value instanceof BytesValue bytes) {
            long address = allocate(1, bytes.length(), () -> "list<u8>");
            guest.memory().write(address, bytes.unsafeBytes());
            return new long[] {address, bytes.length()};
        }
        List<WitValue> elements = expect(value, ListValue.class, new WitType.ListType(element), path)
                .elements();
        long address = allocate(
                CanonicalLayout.alignment(element), (long) elements.size() * size, () -> "list<" + element + ">");
        for (int i = 0; i < elements.size(); i++) {
            store(element, elements.get(i), address + (long) i * size, path.element(i));
        }
        return new long[] {address, elements.size()};
    }

    private long allocate(int alignment, long byteLength, Supplier<String> what) {
        if (byteLength > Lifter.MAX_BYTE_LENGTH) {
            throw new IllegalArgumentException(what.get() + " of " + byteLength
                    + " bytes exceeds the canonical ABI's limit of " + Lifter.MAX_BYTE_LENGTH + " bytes");
        }
        long address = Integer.toUnsignedLong(guest.allocate(alignment, (int) byteLength));
        checker.checkRange(address, byteLength, alignment, () -> "cabi_realloc result for " + what.get());
        return address;
    }

    private void writePointerAndLength(long address, long[] stored) {
        guest.memory().writeInt(address, (int) stored[0]);
        guest.memory().writeInt(address + 4, (int) stored[1]);
    }

    private void writeUnsigned(long address, int bytes, long value) {
        switch (bytes) {
            case 1 -> guest.memory().writeByte(address, (byte) value);
            case 2 -> guest.memory().writeShort(address, (short) value);
            default -> guest.memory().writeInt(address, (int) value);
        }
    }

    private record CaseChoice(int index, WitValue payload) {}

    private static CaseChoice caseChoice(WitType type, Cases cases, WitValue value, ValuePath path) {
        String name;
        Optional<WitValue> payload;
        if (type instanceof WitType.OptionType) {
            Optional<WitValue> option =
                    expect(value, OptionValue.class, type, path).value();
            name = option.isPresent() ? "some" : "none";
            payload = option;
        } else if (type instanceof WitType.ResultType) {
            ResultValue result = expect(value, ResultValue.class, type, path);
            name = result.ok() ? "ok" : "err";
            payload = result.value();
        } else if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind) {
            name = expect(value, EnumValue.class, type, path).caseName();
            payload = Optional.empty();
        } else {
            VariantValue variant = expect(value, VariantValue.class, type, path);
            name = variant.caseName();
            payload = variant.payload();
        }
        int index = cases.names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(
                    path + ": '" + name + "' is not a case of " + type + "; cases are " + cases.names());
        }
        boolean needsPayload = cases.payloads().get(index).isPresent();
        if (needsPayload != payload.isPresent()) {
            throw new IllegalArgumentException(path + ": case '" + name + "' of " + type
                    + (needsPayload ? " needs a payload" : " takes no payload"));
        }
        return new CaseChoice(index, payload.orElse(null));
    }

    private static long flagBits(WitType type, WitValue value, ValuePath path) {
        List<String> names = ((TypeDefKind.FlagsKind) ((TypeDef) type).kind()).flags();
        long bits = 0;
        for (String flag : expect(value, FlagsValue.class, type, path).set()) {
            int index = names.indexOf(flag);
            if (index < 0) {
                throw new IllegalArgumentException(
                        path + ": '" + flag + "' is not a flag of " + type + "; flags are " + names);
            }
            bits |= 1L << index;
        }
        return bits;
    }

    private static List<WitValue> memberValues(WitType type, WitValue value, ValuePath path) {
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.RecordKind record) {
            RecordValue recordValue = expect(value, RecordValue.class, type, path);
            List<WitValue> values = new ArrayList<>();
            for (TypeDefKind.Field field : record.fields()) {
                WitValue fieldValue = recordValue.fields().get(field.name());
                if (fieldValue == null) {
                    throw new IllegalArgumentException(
                            path + ": record " + def.name() + " needs field '" + field.name() + "'");
                }
                values.add(fieldValue);
            }
            return values;
        }
        List<WitValue> elements = expect(value, TupleValue.class, type, path).elements();
        int arity = ((WitType.TupleType) type).elements().size();
        if (elements.size() != arity) {
            throw new IllegalArgumentException(
                    path + ": " + type + " needs " + arity + " elements, got " + elements.size());
        }
        return elements;
    }

    private static ValuePath member(ValuePath path, WitType type, int index) {
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.RecordKind record) {
            return path.field(record.fields().get(index).name());
        }
        return path.member(index);
    }

    private static long integer(WitValue value, WitPrimitive type, ValuePath path) {
        IntValue integer = expect(value, IntValue.class, type, path);
        if (integer.type() != type) {
            // any in-range integer converts; IntValue's constructor checks the range
            return new IntValue(type, integer.value()).value();
        }
        return integer.value();
    }

    private static Object coerce(Object value, ValueType have, ValueType want) {
        if (have == want) {
            return value;
        }
        if (have == ValueType.F32 && want == ValueType.I32) {
            return Float.floatToRawIntBits((Float) value);
        }
        if (have == ValueType.I32 && want == ValueType.I64) {
            return Integer.toUnsignedLong((Integer) value);
        }
        if (have == ValueType.F32 && want == ValueType.I64) {
            return Integer.toUnsignedLong(Float.floatToRawIntBits((Float) value));
        }
        if (have == ValueType.F64 && want == ValueType.I64) {
            return Double.doubleToRawLongBits((Double) value);
        }
        throw new IllegalStateException("cannot store " + have + " in a " + want + " slot");
    }

    private static Object zero(ValueType type) {
        return switch (type) {
            case I64 -> 0L;
            case F32 -> 0f;
            case F64 -> 0d;
            default -> 0;
        };
    }

    private static <T extends WitValue> T expect(WitValue value, Class<T> kind, WitType type, ValuePath path) {
        if (!kind.isInstance(value)) {
            throw new IllegalArgumentException(
                    path + ": expected a value of type " + type + " but got " + (value == null ? "null" : value));
        }
        return kind.cast(value);
    }
}
