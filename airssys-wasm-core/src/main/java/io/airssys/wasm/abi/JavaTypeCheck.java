package io.airssys.wasm.abi;

import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells, before any call, whether a Java type can carry values of a WIT type under
 * {@link JavaMapping}'s rules, and if not, why. Used to fail start-up on a typed proxy whose
 * Java signature does not fit the component's WIT.
 */
public final class JavaTypeCheck {

    private JavaTypeCheck() {}

    /** Empty when {@code javaType} fits {@code witType}, else the reason it does not. */
    public static Optional<String> mismatch(Type javaType, WitType witType) {
        Class<?> raw = raw(javaType);
        if (raw == Object.class || WitValue.class.isAssignableFrom(raw)) {
            return Optional.empty();
        }
        WitType type;
        try {
            type = CanonicalLayout.resolve(witType);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        boolean fits;
        if (type instanceof WitPrimitive primitive) {
            fits = primitiveFits(raw, primitive);
        } else if (type instanceof WitType.HandleType) {
            fits = !raw.isPrimitive()
                    && !raw.isArray()
                    && !raw.isEnum()
                    && !Number.class.isAssignableFrom(raw)
                    && !CharSequence.class.isAssignableFrom(raw)
                    && raw != Boolean.class
                    && raw != Character.class
                    && !Collection.class.isAssignableFrom(raw)
                    && !java.util.Map.class.isAssignableFrom(raw)
                    && raw != Optional.class;
        } else if (type instanceof WitType.ListType list) {
            if (raw == byte[].class) {
                fits = CanonicalLayout.resolve(list.element()) == WitPrimitive.U8;
            } else if (Collection.class.isAssignableFrom(raw)) {
                return mismatch(argument(javaType), list.element()).map(m -> "its elements: " + m);
            } else {
                fits = raw.isArray();
            }
        } else if (type instanceof WitType.OptionType option) {
            return mismatch(raw == Optional.class ? argument(javaType) : javaType, option.element());
        } else if (type instanceof WitType.ResultType result) {
            return result.ok().isEmpty()
                    ? Optional.empty()
                    : mismatch(javaType, result.ok().get());
        } else if (type instanceof WitType.TupleType tuple) {
            fits = raw.isRecord()
                            && raw.getRecordComponents().length
                                    == tuple.elements().size()
                    || List.class.isAssignableFrom(raw);
        } else {
            return typeDefMismatch(javaType, raw, (TypeDef) type);
        }
        return fits ? Optional.empty() : Optional.of(describe(javaType) + " cannot hold WIT " + type);
    }

    private static Optional<String> typeDefMismatch(Type javaType, Class<?> raw, TypeDef def) {
        TypeDefKind kind = def.kind();
        if (kind instanceof TypeDefKind.RecordKind record) {
            if (!raw.isRecord()) {
                return Optional.of(
                        describe(javaType) + " is not a Java record, so it cannot hold WIT record " + def.name());
            }
            for (RecordComponent component : raw.getRecordComponents()) {
                String field = JavaMapping.kebab(component.getName());
                Optional<TypeDefKind.Field> witField = record.fields().stream()
                        .filter(f -> f.name().equals(field))
                        .findFirst();
                if (witField.isEmpty()) {
                    return Optional.of(raw.getSimpleName() + "." + component.getName() + " has no field '" + field
                            + "' in WIT record " + def.name());
                }
                Optional<String> inner =
                        mismatch(component.getGenericType(), witField.get().type());
                if (inner.isPresent()) {
                    return Optional.of(raw.getSimpleName() + "." + component.getName() + ": " + inner.get());
                }
            }
            return Optional.empty();
        }
        if (kind instanceof TypeDefKind.EnumKind enumKind) {
            return namesMismatch(raw, enumKind.cases(), "enum " + def.name());
        }
        if (kind instanceof TypeDefKind.FlagsKind flags) {
            Class<?> element = raw(argument(javaType));
            if (!Set.class.isAssignableFrom(raw)) {
                return Optional.of(describe(javaType) + " is not a Set, so it cannot hold WIT flags " + def.name());
            }
            return element == String.class || element == Object.class
                    ? Optional.empty()
                    : namesMismatch(element, flags.flags(), "flags " + def.name());
        }
        if (kind instanceof TypeDefKind.VariantKind variant) {
            List<String> cases =
                    variant.cases().stream().map(TypeDefKind.Case::name).toList();
            if (raw.isEnum()
                    && variant.cases().stream().allMatch(c -> c.payload().isEmpty())) {
                return namesMismatch(raw, cases, "variant " + def.name());
            }
            if (raw.getPermittedSubclasses() == null) {
                return Optional.of(
                        describe(javaType) + " is not a sealed interface, so it cannot hold WIT variant " + def.name());
            }
            Set<String> subclasses = Arrays.stream(raw.getPermittedSubclasses())
                    .map(c -> JavaMapping.kebab(c.getSimpleName()))
                    .collect(Collectors.toSet());
            List<String> missing =
                    cases.stream().filter(c -> !subclasses.contains(c)).toList();
            return missing.isEmpty()
                    ? Optional.empty()
                    : Optional.of(raw.getSimpleName() + " permits no class for the cases " + missing
                            + " of WIT variant " + def.name());
        }
        return Optional.of("WIT " + def.name() + " cannot be mapped to Java");
    }

    private static Optional<String> namesMismatch(Class<?> raw, List<String> names, String what) {
        if (!raw.isEnum()) {
            return Optional.of(raw.getSimpleName() + " is not a Java enum, so it cannot hold WIT " + what);
        }
        Set<String> constants = Arrays.stream(raw.getEnumConstants())
                .map(c -> JavaMapping.kebab(((Enum<?>) c).name()))
                .collect(Collectors.toSet());
        List<String> missing =
                names.stream().filter(n -> !constants.contains(n)).toList();
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of(raw.getSimpleName() + " has no constants for " + missing + " of WIT " + what);
    }

    private static boolean primitiveFits(Class<?> raw, WitPrimitive type) {
        return switch (type) {
            case BOOL -> raw == boolean.class || raw == Boolean.class;
            case S8, U8 -> isIntegral(raw);
            case S16, U16 -> isIntegral(raw) && raw != byte.class && raw != Byte.class;
            case S32, U32 -> raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class;
            case S64, U64 -> raw == long.class || raw == Long.class;
            case F32 -> raw == float.class || raw == Float.class || raw == double.class || raw == Double.class;
            case F64 -> raw == double.class || raw == Double.class;
            case CHAR ->
                raw == char.class
                        || raw == Character.class
                        || raw == int.class
                        || raw == Integer.class
                        || raw == String.class;
            case STRING -> raw == String.class || raw == CharSequence.class;
        };
    }

    private static boolean isIntegral(Class<?> raw) {
        return raw == byte.class
                || raw == Byte.class
                || raw == short.class
                || raw == Short.class
                || raw == int.class
                || raw == Integer.class
                || raw == long.class
                || raw == Long.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    }

    private static String describe(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
