package io.airssys.wasm.abi;

import io.airssys.wasm.wit.WitPrimitive;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A value of a WIT type, independent of any Java class: what the canonical ABI lifts from and
 * lowers into a guest. {@link JavaMapping} converts between these and ordinary Java objects.
 * A resource handle is a {@link GuestResource} (the component implements it) or a
 * {@link HostResource} (the host does).
 */
public sealed interface WitValue
        permits WitValue.BoolValue,
                WitValue.IntValue,
                WitValue.F32Value,
                WitValue.F64Value,
                WitValue.CharValue,
                WitValue.StringValue,
                WitValue.BytesValue,
                WitValue.ListValue,
                WitValue.RecordValue,
                WitValue.TupleValue,
                WitValue.VariantValue,
                WitValue.EnumValue,
                WitValue.OptionValue,
                WitValue.ResultValue,
                WitValue.FlagsValue,
                WitValue.HostResource,
                GuestResource {

    record BoolValue(boolean value) implements WitValue {}

    /**
     * Any integer type. {@code value} holds the number; for {@code u64} above
     * {@link Long#MAX_VALUE} it holds the same 64 bits (read it with {@link Long#toUnsignedString}).
     */
    record IntValue(WitPrimitive type, long value) implements WitValue {
        public IntValue {
            long min = switch (type) {
                case S8 -> Byte.MIN_VALUE;
                case S16 -> Short.MIN_VALUE;
                case S32 -> Integer.MIN_VALUE;
                case S64, U64 -> Long.MIN_VALUE;
                case U8, U16, U32 -> 0;
                default -> throw new IllegalArgumentException(type + " is not an integer type");
            };
            long max = switch (type) {
                case S8 -> Byte.MAX_VALUE;
                case U8 -> 0xFF;
                case S16 -> Short.MAX_VALUE;
                case U16 -> 0xFFFF;
                case S32 -> Integer.MAX_VALUE;
                case U32 -> 0xFFFF_FFFFL;
                default -> Long.MAX_VALUE;
            };
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is out of range for " + type);
            }
        }

        @Override
        public String toString() {
            return type == WitPrimitive.U64 ? Long.toUnsignedString(value) : Long.toString(value);
        }
    }

    record F32Value(float value) implements WitValue {}

    record F64Value(double value) implements WitValue {}

    /** A Unicode scalar value (not a surrogate). */
    record CharValue(int codePoint) implements WitValue {
        public CharValue {
            if (!isScalar(codePoint)) {
                throw new IllegalArgumentException(String.format("U+%X is not a Unicode scalar value", codePoint));
            }
        }

        static boolean isScalar(int codePoint) {
            return codePoint >= 0 && codePoint < 0x110000 && (codePoint < 0xD800 || codePoint > 0xDFFF);
        }

        @Override
        public String toString() {
            return "'" + Character.toString(codePoint) + "'";
        }
    }

    record StringValue(String value) implements WitValue {}

    /** {@code list<u8>}, kept as bytes. */
    record BytesValue(byte[] value) implements WitValue {
        public BytesValue {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        int length() {
            return value.length;
        }

        byte[] unsafeBytes() {
            return value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BytesValue b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "bytes[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    record ListValue(List<WitValue> elements) implements WitValue {
        public ListValue {
            elements = List.copyOf(elements);
        }
    }

    /** Fields by name, in declaration order. */
    record RecordValue(Map<String, WitValue> fields) implements WitValue {
        public RecordValue {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public WitValue field(String name) {
            WitValue value = fields.get(name);
            if (value == null) {
                throw new IllegalArgumentException("record has no field '" + name + "'; it has " + fields.keySet());
            }
            return value;
        }
    }

    record TupleValue(List<WitValue> elements) implements WitValue {
        public TupleValue {
            elements = List.copyOf(elements);
        }
    }

    record VariantValue(String caseName, Optional<WitValue> payload) implements WitValue {}

    record EnumValue(String caseName) implements WitValue {}

    record OptionValue(Optional<WitValue> value) implements WitValue {}

    /** {@code ok} tells which side; {@code value} is empty when that side has no type. */
    record ResultValue(boolean ok, Optional<WitValue> value) implements WitValue {
        public static ResultValue ok(WitValue value) {
            return new ResultValue(true, Optional.ofNullable(value));
        }

        public static ResultValue err(WitValue value) {
            return new ResultValue(false, Optional.ofNullable(value));
        }
    }

    /** The names of the flags that are set. */
    record FlagsValue(Set<String> set) implements WitValue {
        public FlagsValue {
            set = Set.copyOf(set);
        }
    }

    /**
     * A resource the host implements: the Java object behind an {@code own<R>} or
     * {@code borrow<R>} handle. Lowered as {@code own}, the guest owns it and the host calls its
     * {@code close()} (if it is {@link AutoCloseable}) when the guest drops it or goes away.
     */
    record HostResource(Object object) implements WitValue {
        public HostResource {
            java.util.Objects.requireNonNull(object, "object");
        }
    }
}
