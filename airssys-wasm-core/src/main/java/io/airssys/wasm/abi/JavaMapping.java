package io.airssys.wasm.abi;

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
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts between Java objects and {@link WitValue}s, guided by the WIT type:
 * <ul>
 * <li>{@code bool} - {@code boolean}; integers - {@code byte}, {@code short}, {@code int},
 * {@code long} (an unsigned WIT integer may be held in the Java type of its width, bits
 * reinterpreted, like {@code byte} for {@code u8}); {@code f32}/{@code f64} - {@code float}/{@code double};
 * {@code char} - {@code char} or an {@code int} code point; {@code string} - {@code String}</li>
 * <li>{@code list<u8>} - {@code byte[]}; {@code list<T>} - {@code List<T>}; {@code option<T>} - {@code Optional<T>}</li>
 * <li>{@code record} - a Java record whose components are the fields (camelCase for kebab-case);
 * {@code tuple} - a Java record by position, or a {@code List}</li>
 * <li>{@code enum} - a Java enum ({@code IN_PROGRESS} or {@code InProgress} for {@code in-progress});
 * {@code flags} - an {@code EnumSet}</li>
 * <li>{@code variant} - a sealed interface whose permitted records are the cases (named like the
 * case), each with no component or one for the payload</li>
 * <li>{@code result<T, E>} - {@code T}; an {@code err} is thrown as {@link WitResultException}</li>
 * <li>{@code own<R>}/{@code borrow<R>} of a resource the component implements - a
 * {@link GuestResource} or a Java interface over one ({@link GuestResource#as}); of a resource
 * the host implements - the Java object implementing it</li>
 * </ul>
 * A {@link WitValue} passes through unchanged in both directions.
 */
public final class JavaMapping {

    private JavaMapping() {}

    /** Converts a Java value to a WIT value of {@code witType}; {@code path} names it in errors. */
    public static WitValue toWit(Object value, WitType witType, String path) {
        if (value instanceof WitValue witValue) {
            return witValue;
        }
        WitType type = CanonicalLayout.resolve(witType);
        if (type instanceof WitPrimitive primitive) {
            return primitiveToWit(value, primitive, path);
        }
        if (type instanceof WitType.HandleType) {
            if (value == null) {
                throw mismatch(null, type, path, "a resource handle cannot be null");
            }
            Optional<GuestResource> proxied = ResourceProxies.resourceOf(value);
            return proxied.isPresent() ? proxied.get() : new WitValue.HostResource(value);
        }
        if (type instanceof WitType.ListType list) {
            if (value instanceof byte[] bytes && CanonicalLayout.resolve(list.element()) == WitPrimitive.U8) {
                return new BytesValue(bytes);
            }
            List<WitValue> elements = new ArrayList<>();
            int index = 0;
            for (Object element : iterable(value, type, path)) {
                elements.add(toWit(element, list.element(), path + "[" + index++ + "]"));
            }
            return new ListValue(elements);
        }
        if (type instanceof WitType.OptionType option) {
            Optional<?> optional = value instanceof Optional<?> o ? o : Optional.ofNullable(value);
            return new OptionValue(optional.map(v -> toWit(v, option.element(), path)));
        }
        if (type instanceof WitType.ResultType) {
            throw mismatch(value, type, path, "pass a WitValue.ResultValue for a result parameter");
        }
        if (type instanceof WitType.TupleType tuple) {
            List<Object> elements =
                    value instanceof Record record ? componentValues(record) : listOf(value, type, path);
            if (elements.size() != tuple.elements().size()) {
                throw mismatch(value, type, path, "it has " + elements.size() + " elements");
            }
            List<WitValue> converted = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                converted.add(toWit(elements.get(i), tuple.elements().get(i), path + "." + i));
            }
            return new TupleValue(converted);
        }
        TypeDef def = (TypeDef) type;
        TypeDefKind kind = def.kind();
        if (kind instanceof TypeDefKind.RecordKind record) {
            return recordToWit(value, def, record, path);
        }
        if (kind instanceof TypeDefKind.EnumKind enumKind) {
            String name = value instanceof Enum<?> e ? kebab(e.name()) : value instanceof String s ? s : null;
            if (name == null || !enumKind.cases().contains(name)) {
                throw mismatch(value, type, path, "cases are " + enumKind.cases());
            }
            return new EnumValue(name);
        }
        if (kind instanceof TypeDefKind.FlagsKind flags) {
            Set<String> set = new LinkedHashSet<>();
            for (Object flag : iterable(value, type, path)) {
                String name = flag instanceof Enum<?> e ? kebab(e.name()) : String.valueOf(flag);
                if (!flags.flags().contains(name)) {
                    throw mismatch(value, type, path, "'" + name + "' is not one of " + flags.flags());
                }
                set.add(name);
            }
            return new FlagsValue(set);
        }
        if (kind instanceof TypeDefKind.VariantKind variant) {
            return variantToWit(value, def, variant, path);
        }
        throw mismatch(value, type, path, "unsupported type");
    }

    /** Converts a WIT value to {@code javaType}; see the class comment for the correspondence. */
    public static Object fromWit(WitValue value, WitType witType, Type javaType) {
        Class<?> raw = rawClass(javaType);
        if (raw == WitValue.class || raw.isInstance(value) && WitValue.class.isAssignableFrom(raw)) {
            return value;
        }
        WitType type = CanonicalLayout.resolve(witType);
        if (value instanceof GuestResource resource) {
            if (raw == Object.class) {
                return resource;
            }
            if (raw.isInterface()) {
                return resource.as(raw);
            }
            throw new IllegalArgumentException("a " + resource.type() + " is seen from Java as GuestResource or"
                    + " through an interface, not as " + javaType.getTypeName());
        }
        if (value instanceof WitValue.HostResource host) {
            if (!raw.isInstance(host.object())) {
                throw new IllegalArgumentException("the guest passed a "
                        + host.object().getClass().getName() + " where " + javaType.getTypeName() + " was expected");
            }
            return host.object();
        }
        if (value instanceof ResultValue result) {
            WitType.ResultType resultType = (WitType.ResultType) type;
            if (!result.ok()) {
                throw new WitResultException("call", result.value(), resultType.err());
            }
            return result.value()
                    .map(v -> fromWit(v, resultType.ok().orElseThrow(), javaType))
                    .orElse(null);
        }
        if (value instanceof OptionValue option) {
            WitType element = ((WitType.OptionType) type).element();
            if (raw == Optional.class) {
                return option.value().map(v -> fromWit(v, element, typeArgument(javaType, 0)));
            }
            return option.value().map(v -> fromWit(v, element, javaType)).orElse(null);
        }
        if (value instanceof BoolValue b && (raw == boolean.class || raw == Boolean.class)) {
            return b.value();
        }
        if (value instanceof IntValue i) {
            return integerToJava(i, raw);
        }
        if (value instanceof F32Value f && (raw == float.class || raw == Float.class)) {
            return f.value();
        }
        if (value instanceof F32Value f && (raw == double.class || raw == Double.class)) {
            return (double) f.value();
        }
        if (value instanceof F64Value d && (raw == double.class || raw == Double.class)) {
            return d.value();
        }
        if (value instanceof CharValue c) {
            return charToJava(c, raw);
        }
        if (value instanceof StringValue s && raw.isAssignableFrom(String.class)) {
            return s.value();
        }
        if (value instanceof BytesValue bytes) {
            if (raw == byte[].class) {
                return bytes.value();
            }
            List<Object> list = new ArrayList<>();
            for (byte b : bytes.unsafeBytes()) {
                list.add(integerToJava(new IntValue(WitPrimitive.U8, b & 0xFF), rawClass(typeArgument(javaType, 0))));
            }
            return List.copyOf(list);
        }
        if (value instanceof ListValue list) {
            WitType element = ((WitType.ListType) type).element();
            List<Object> converted = new ArrayList<>();
            for (WitValue v : list.elements()) {
                converted.add(fromWit(v, element, typeArgument(javaType, 0)));
            }
            return Collections.unmodifiableList(converted);
        }
        if (value instanceof RecordValue record && raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            List<TypeDefKind.Field> fields = ((TypeDefKind.RecordKind) ((TypeDef) type).kind()).fields();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                String field = kebab(components[i].getName());
                TypeDefKind.Field witField = fields.stream()
                        .filter(f -> f.name().equals(field))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(raw.getName() + " has component '" + field
                                + "' but WIT record " + type + " has no such field"));
                args[i] = fromWit(record.field(field), witField.type(), components[i].getGenericType());
            }
            return construct(raw, args);
        }
        if (value instanceof TupleValue tuple) {
            List<WitType> elementTypes = ((WitType.TupleType) type).elements();
            if (raw.isRecord()) {
                RecordComponent[] components = raw.getRecordComponents();
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = fromWit(tuple.elements().get(i), elementTypes.get(i), components[i].getGenericType());
                }
                return construct(raw, args);
            }
            List<Object> converted = new ArrayList<>();
            for (int i = 0; i < elementTypes.size(); i++) {
                converted.add(fromWit(tuple.elements().get(i), elementTypes.get(i), Object.class));
            }
            return converted;
        }
        if (value instanceof EnumValue e && raw.isEnum()) {
            return enumConstant(raw, e.caseName());
        }
        if (value instanceof FlagsValue flags) {
            Class<?> element = rawClass(typeArgument(javaType, 0));
            if (element.isEnum()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                EnumSet set = EnumSet.noneOf((Class<Enum>) element);
                for (String flag : flags.set()) {
                    set.add(enumConstant(element, flag));
                }
                return set;
            }
            return flags.set();
        }
        if (value instanceof VariantValue variant) {
            return variantToJava(variant, (TypeDef) type, raw);
        }
        throw new IllegalArgumentException("cannot convert " + value + " of WIT type " + type + " to " + javaType);
    }

    /**
     * The Java method name for a WIT function: {@code find-item} is {@code findItem}; a
     * resource's constructor {@code [constructor]shopping-cart} is {@code newShoppingCart}, its
     * static {@code [static]shopping-cart.merge} is {@code shoppingCartMerge}, its method
     * {@code [method]shopping-cart.add-item} is {@code addItem} (on the resource's own type).
     */
    public static String methodName(io.airssys.wasm.wit.WitFunction function) {
        String resource = function.resource().map(TypeDef::name).orElse("");
        return switch (function.kind()) {
            case CONSTRUCTOR -> camel("new-" + resource);
            case STATIC -> camel(resource + "-" + function.simpleName());
            default -> camel(function.simpleName());
        };
    }

    /** A WIT kebab-case name ({@code find-item}, {@code %type}) to the Java camelCase name ({@code findItem}). */
    public static String camel(String witName) {
        String name = witName.startsWith("%") ? witName.substring(1) : witName;
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** camelCase, PascalCase or UPPER_SNAKE Java names to WIT kebab-case. */
    public static String kebab(String javaName) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (c == '_') {
                out.append('-');
                continue;
            }
            if (Character.isUpperCase(c) && i > 0) {
                char previous = javaName.charAt(i - 1);
                boolean nextIsLower = i + 1 < javaName.length() && Character.isLowerCase(javaName.charAt(i + 1));
                if (Character.isLowerCase(previous)
                        || Character.isDigit(previous)
                        || Character.isUpperCase(previous) && nextIsLower) {
                    out.append('-');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static WitValue primitiveToWit(Object value, WitPrimitive type, String path) {
        switch (type) {
            case BOOL -> {
                if (value instanceof Boolean b) {
                    return new BoolValue(b);
                }
            }
            case F32 -> {
                if (value instanceof Float f) {
                    return new F32Value(f);
                }
            }
            case F64 -> {
                if (value instanceof Double d) {
                    return new F64Value(d);
                }
                if (value instanceof Float f) {
                    return new F64Value(f);
                }
            }
            case CHAR -> {
                if (value instanceof Character c) {
                    return new CharValue(c);
                }
                if (value instanceof Integer codePoint && CharValue.isScalar(codePoint)) {
                    return new CharValue(codePoint);
                }
                if (value instanceof String s && s.codePointCount(0, s.length()) == 1) {
                    return new CharValue(s.codePointAt(0));
                }
            }
            case STRING -> {
                if (value instanceof CharSequence s) {
                    return new StringValue(s.toString());
                }
            }
            default -> {
                if (value instanceof Byte
                        || value instanceof Short
                        || value instanceof Integer
                        || value instanceof Long) {
                    return integerToWit(((Number) value).longValue(), javaBits(value), type, value, path);
                }
            }
        }
        throw mismatch(value, type, path, null);
    }

    private static WitValue integerToWit(long value, int javaBits, WitPrimitive type, Object original, String path) {
        int witBits = switch (type) {
            case S8, U8 -> 8;
            case S16, U16 -> 16;
            case S32, U32 -> 32;
            default -> 64;
        };
        boolean unsigned = type == WitPrimitive.U8
                || type == WitPrimitive.U16
                || type == WitPrimitive.U32
                || type == WitPrimitive.U64;
        long candidate = value;
        if (unsigned && value < 0 && javaBits == witBits && witBits < 64) {
            candidate = value & ((1L << witBits) - 1); // e.g. (byte) -1 held for u8 255
        }
        try {
            return new IntValue(type, candidate);
        } catch (IllegalArgumentException e) {
            throw mismatch(original, type, path, "out of range");
        }
    }

    private static int javaBits(Object value) {
        return value instanceof Byte ? 8 : value instanceof Short ? 16 : value instanceof Integer ? 32 : 64;
    }

    private static Object integerToJava(IntValue value, Class<?> raw) {
        long v = value.value();
        if (raw == long.class || raw == Long.class || raw == Object.class || raw == Number.class) {
            return v;
        }
        if ((raw == int.class || raw == Integer.class) && fits(v, 32)) {
            return (int) v;
        }
        if ((raw == short.class || raw == Short.class) && fits(v, 16)) {
            return (short) v;
        }
        if ((raw == byte.class || raw == Byte.class) && fits(v, 8)) {
            return (byte) v;
        }
        throw new IllegalArgumentException(
                value.type() + " value " + value + " does not fit in " + raw.getSimpleName());
    }

    /** Fits the Java type of this width as either signed or unsigned (bits reinterpreted). */
    private static boolean fits(long value, int bits) {
        return value >= -(1L << (bits - 1)) && value < (1L << bits);
    }

    private static Object charToJava(CharValue value, Class<?> raw) {
        if ((raw == char.class || raw == Character.class) && Character.isBmpCodePoint(value.codePoint())) {
            return (char) value.codePoint();
        }
        if (raw == int.class || raw == Integer.class) {
            return value.codePoint();
        }
        if (raw == String.class || raw == Object.class) {
            return Character.toString(value.codePoint());
        }
        throw new IllegalArgumentException("char " + value + " does not fit in " + raw.getSimpleName());
    }

    private static WitValue recordToWit(Object value, TypeDef def, TypeDefKind.RecordKind record, String path) {
        Map<String, Object> byName = new LinkedHashMap<>();
        if (value instanceof Record javaRecord) {
            for (RecordComponent component : javaRecord.getClass().getRecordComponents()) {
                byName.put(kebab(component.getName()), componentValue(javaRecord, component));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> byName.put(String.valueOf(k), v));
        } else {
            throw mismatch(value, def, path, "use a Java record with the same fields");
        }
        Map<String, WitValue> fields = new LinkedHashMap<>();
        for (TypeDefKind.Field field : record.fields()) {
            if (!byName.containsKey(field.name())) {
                throw mismatch(value, def, path, "it has no field '" + field.name() + "'");
            }
            fields.put(field.name(), toWit(byName.get(field.name()), field.type(), path + "." + field.name()));
        }
        return new RecordValue(fields);
    }

    private static WitValue variantToWit(Object value, TypeDef def, TypeDefKind.VariantKind variant, String path) {
        String caseName = value instanceof Enum<?> e
                ? kebab(e.name())
                : value == null ? null : kebab(value.getClass().getSimpleName());
        TypeDefKind.Case witCase = variant.cases().stream()
                .filter(c -> c.name().equals(caseName))
                .findFirst()
                .orElseThrow(() -> mismatch(
                        value,
                        def,
                        path,
                        "cases are "
                                + variant.cases().stream()
                                        .map(TypeDefKind.Case::name)
                                        .toList()));
        Optional<WitValue> payload = Optional.empty();
        if (witCase.payload().isPresent()) {
            if (!(value instanceof Record record) || record.getClass().getRecordComponents().length != 1) {
                throw mismatch(value, def, path, "case '" + caseName + "' needs a record with one component");
            }
            payload = Optional.of(
                    toWit(componentValues(record).get(0), witCase.payload().get(), path + "." + caseName));
        }
        return new VariantValue(caseName, payload);
    }

    private static Object variantToJava(VariantValue value, TypeDef def, Class<?> raw) {
        TypeDefKind.VariantKind variant = (TypeDefKind.VariantKind) def.kind();
        Optional<WitType> payloadType = variant.cases().stream()
                .filter(c -> c.name().equals(value.caseName()))
                .findFirst()
                .orElseThrow()
                .payload();
        if (raw.isEnum()) {
            return enumConstant(raw, value.caseName());
        }
        Class<?>[] permitted = raw.getPermittedSubclasses();
        if (permitted == null) {
            throw new IllegalArgumentException(
                    "variant " + def.name() + " needs a sealed interface, not " + raw.getName());
        }
        for (Class<?> candidate : permitted) {
            if (kebab(candidate.getSimpleName()).equals(value.caseName())) {
                if (candidate.isEnum()) {
                    return candidate.getEnumConstants()[0];
                }
                RecordComponent[] components = candidate.getRecordComponents();
                Object[] args = new Object[components == null ? 0 : components.length];
                if (args.length == 1 && value.payload().isPresent()) {
                    args[0] = fromWit(value.payload().get(), payloadType.orElseThrow(), components[0].getGenericType());
                }
                return construct(candidate, args);
            }
        }
        throw new IllegalArgumentException(raw.getName() + " has no permitted subclass for case '" + value.caseName()
                + "' of variant " + def.name());
    }

    private static Object enumConstant(Class<?> enumClass, String caseName) {
        for (Object constant : enumClass.getEnumConstants()) {
            if (kebab(((Enum<?>) constant).name()).equals(caseName)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(enumClass.getName() + " has no constant for '" + caseName + "'");
    }

    private static Object construct(Class<?> type, Object[] args) {
        try {
            Class<?>[] parameterTypes = type.isRecord()
                    ? Arrays.stream(type.getRecordComponents())
                            .map(RecordComponent::getType)
                            .toArray(Class[]::new)
                    : new Class<?>[0];
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "cannot construct " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static List<Object> componentValues(Record record) {
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            values.add(componentValue(record, component));
        }
        return values;
    }

    private static Object componentValue(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read " + component.getName() + " of " + record, e);
        }
    }

    private static Iterable<?> iterable(Object value, WitType type, String path) {
        if (value instanceof Collection<?> collection) {
            return collection;
        }
        if (value != null && value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        throw mismatch(value, type, path, "use a collection or an array");
    }

    private static List<Object> listOf(Object value, WitType type, String path) {
        List<Object> list = new ArrayList<>();
        iterable(value, type, path).forEach(list::add);
        return list;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static IllegalArgumentException mismatch(Object value, WitType type, String path, String hint) {
        return new IllegalArgumentException(path + ": cannot pass "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value) + " as WIT " + type
                + (hint == null ? "" : " (" + hint + ")"));
    }
}
