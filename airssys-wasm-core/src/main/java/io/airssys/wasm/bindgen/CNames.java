package io.airssys.wasm.bindgen;

import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import java.util.Locale;
import java.util.Set;

/** How WIT names become C identifiers, following {@code wit-bindgen c}. */
final class CNames {

    private static final Set<String> KEYWORDS = Set.of(
            "auto",
            "break",
            "case",
            "char",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extern",
            "float",
            "for",
            "goto",
            "if",
            "inline",
            "int",
            "long",
            "register",
            "restrict",
            "return",
            "short",
            "signed",
            "sizeof",
            "static",
            "struct",
            "switch",
            "typedef",
            "union",
            "unsigned",
            "void",
            "volatile",
            "while",
            "bool",
            "true",
            "false",
            "_Bool",
            "_Complex",
            "_Imaginary",
            "NULL");

    private CNames() {}

    /** {@code kebab-case} to {@code snake_case}; a leading {@code %} escape is dropped. */
    static String snake(String witName) {
        String name = witName.startsWith("%") ? witName.substring(1) : witName;
        return name.replace('-', '_').replace('.', '_').toLowerCase(Locale.ROOT);
    }

    /**
     * The C name of a function within its interface: {@code find_item}; for a resource's,
     * {@code constructor_r}, {@code method_r_m} or {@code static_r_f}, as wit-bindgen names them.
     */
    static String function(io.airssys.wasm.wit.WitFunction function) {
        String resource = function.resource().map(r -> snake(r.name())).orElse("");
        return switch (function.kind()) {
            case CONSTRUCTOR -> "constructor_" + resource;
            case METHOD -> "method_" + resource + "_" + snake(function.simpleName());
            case STATIC -> "static_" + resource + "_" + snake(function.simpleName());
            case FREESTANDING -> snake(function.name());
        };
    }

    static String shouty(String witName) {
        return snake(witName).toUpperCase(Locale.ROOT);
    }

    /** A field or parameter name; C keywords get a trailing underscore. */
    static String ident(String witName) {
        String snake = snake(witName);
        return KEYWORDS.contains(snake) ? snake + "_" : snake;
    }

    /**
     * The prefix of everything generated for an interface: {@code ns_pkg_iface}, with
     * {@code exports_} in front when the world exports it.
     */
    static String interfacePrefix(String qualifiedName, boolean exported) {
        int colon = qualifiedName.indexOf(':');
        int slash = qualifiedName.indexOf('/');
        int at = qualifiedName.indexOf('@');
        String namespace = qualifiedName.substring(0, colon);
        String pkg = qualifiedName.substring(colon + 1, slash);
        String iface = at < 0 ? qualifiedName.substring(slash + 1) : qualifiedName.substring(slash + 1, at);
        return (exported ? "exports_" : "") + snake(namespace) + "_" + snake(pkg) + "_" + snake(iface);
    }

    /** The part of an anonymous type's name that says what it is: {@code list_u8}, {@code option_string}, ... */
    static String encode(WitType type) {
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case CHAR -> "char32";
                case F32 -> "float32";
                case F64 -> "float64";
                default -> primitive.keyword();
            };
        }
        if (type instanceof TypeDef def) {
            return snake(def.name());
        }
        if (type instanceof WitType.HandleType handle) {
            return (handle.borrowed() ? "borrow_" : "own_")
                    + snake(handle.resource().name());
        }
        if (type instanceof WitType.ListType list) {
            return "list_" + encode(list.element());
        }

        if (type instanceof WitType.OptionType option) {
            return "option_" + encode(option.element());
        }
        if (type instanceof WitType.ResultType result) {
            return "result_" + result.ok().map(CNames::encode).orElse("void") + "_"
                    + result.err().map(CNames::encode).orElse("void");
        }
        if (type instanceof WitType.TupleType tuple) {
            StringBuilder name =
                    new StringBuilder("tuple").append(tuple.elements().size());
            tuple.elements().forEach(element -> name.append('_').append(encode(element)));
            return name.toString();
        }
        throw new BindgenException("type " + type + " cannot be named in C");
    }
}
