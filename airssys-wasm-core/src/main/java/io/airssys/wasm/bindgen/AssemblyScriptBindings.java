package io.airssys.wasm.bindgen;

import io.airssys.wasm.abi.CallPlan;
import io.airssys.wasm.abi.CanonicalLayout;
import io.airssys.wasm.abi.JavaMapping;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.binary.NameRewriter;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import io.airssys.wasm.wit.WitWorld;
import io.airssys.wasm.wit.WorldItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates AssemblyScript bindings for a world: {@code <world>.ts} with a class for every
 * record and variant (a tagged class with one factory per case), an enum per enum, a namespace
 * of bit constants per flags, {@code Option<T>}, {@code Result<T, E>} and {@code TupleN} classes,
 * {@code Array<T>} for lists and {@code string} for strings, and a function for every import;
 * and {@code <world>_exports.ts} with the core exports that lift their arguments, call the
 * author's implementation and lower its result, plus {@code cabi_realloc} and post-returns.
 *
 * <p>The author implements exports in one module (given to {@link #generate}): a world-level
 * function {@code do-it} as {@code export function doIt(...)}, a function of an exported
 * interface {@code ns:pkg/my-iface} inside {@code export namespace myIface { ... }}. Imports are
 * called the same way, from the generated module. AssemblyScript cannot spell export names such
 * as {@code ns:pkg/iface@1.0.0#fn}, so the core exports carry an encoded name ({@code cabi$...})
 * that {@link #canonicalExportNames} turns back into the canonical one after compiling.
 *
 * <p>Memory the host hands in (through {@code cabi_realloc}) is freed as soon as it has been
 * read into AssemblyScript objects; memory a result is lowered into is freed by the post-return.
 */
public final class AssemblyScriptBindings {

    /** The two generated files. */
    public record Files(String typesName, String types, String exportsName, String exports) {}

    /** The prefix of an export name encoded by these bindings. */
    public static final String ENCODED_EXPORT_PREFIX = "cabi$";

    private final WitWorld world;
    private final String implementation;
    private final String typesModule;
    private final Map<TypeDef, String> named = new IdentityHashMap<>();
    private final Map<String, String> typeOwners = new HashMap<>();
    private final TreeSet<Integer> tupleArities = new TreeSet<>();
    private final StringBuilder typeDefinitions = new StringBuilder();
    private final StringBuilder imports = new StringBuilder();
    private final StringBuilder adapters = new StringBuilder();

    private AssemblyScriptBindings(WitWorld world, String implementation) {
        this.world = world;
        this.implementation = implementation;
        this.typesModule = CNames.snake(world.name());
    }

    /**
     * Generates the bindings of {@code world}; the exports module imports the author's
     * implementation from {@code implementationModule} (a path relative to the bindings, e.g.
     * {@code ../component}).
     *
     * @throws BindgenException for resources (not supported by these bindings yet), async types, flags of more than 32 members, or two
     *                          WIT types that would get the same AssemblyScript name
     */
    public static Files generate(WitWorld world, String implementationModule) {
        return new AssemblyScriptBindings(world, implementationModule).generate();
    }

    private Files generate() {
        for (Map.Entry<String, WorldItem> entry : world.imports().entrySet()) {
            item(entry.getKey(), entry.getValue(), false);
        }
        for (Map.Entry<String, WorldItem> entry : world.exports().entrySet()) {
            item(entry.getKey(), entry.getValue(), true);
        }
        return new Files(typesModule + ".ts", typesFile(), typesModule + "_exports.ts", exportsFile());
    }

    private void item(String name, WorldItem item, boolean export) {
        if (item instanceof WorldItem.TypeItem type) {
            asType(type.value());
        } else if (item instanceof WorldItem.FunctionItem function) {
            if (export) {
                exportFunction(name, function.value(), camel(name));
            } else {
                imports.append(importFunction(WitHostFunctions.ROOT_MODULE, function.value(), ""));
            }
        } else if (item instanceof WorldItem.InterfaceItem iface) {
            WitInterface value = iface.value();
            value.types().values().forEach(this::asType);
            String namespace = camel(value.name());
            if (export) {
                for (WitFunction function : value.functions().values()) {
                    exportFunction(
                            value.qualifiedName() + "#" + function.name(),
                            function,
                            namespace + "." + camel(function.name()));
                }
            } else if (!value.functions().isEmpty()) {
                imports.append("\n/** Functions of ")
                        .append(value.qualifiedName())
                        .append(" the host provides. */\n");
                imports.append("export namespace ").append(namespace).append(" {\n");
                for (WitFunction function : value.functions().values()) {
                    imports.append(importFunction(value.qualifiedName(), function, "  "));
                }
                imports.append("}\n");
            }
        }
    }

    // ---------------------------------------------------------------- names

    /** Words AssemblyScript reserves; a WIT name that is one gets a trailing underscore. */
    private static final Set<String> RESERVED = Set.of(
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "enum",
            "export",
            "extends",
            "false",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "new",
            "null",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "true",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "implements",
            "interface",
            "let",
            "package",
            "private",
            "protected",
            "public",
            "static",
            "yield",
            "namespace",
            "declare",
            "abstract",
            "readonly");

    /** {@code do-it} to {@code doIt}. */
    static String camel(String witName) {
        String name = joined(witName);
        return RESERVED.contains(name) ? name + "_" : name;
    }

    static String pascal(String witName) {
        String camel = joined(witName);
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }

    private static String joined(String witName) {
        return JavaMapping.camel(witName.toLowerCase(Locale.ROOT).replace('.', '-'));
    }

    /** The export name AssemblyScript can spell for a canonical one: letters and digits kept, {@code -} as {@code _}, the rest {@code $hh}. */
    static String encodeExportName(String canonical) {
        StringBuilder out = new StringBuilder(ENCODED_EXPORT_PREFIX);
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else if (c == '-') {
                out.append('_');
            } else {
                out.append('$').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    /** The canonical name an encoded one stands for; a name these bindings did not encode is returned as it is. */
    static String decodeExportName(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String body = encoded.substring(ENCODED_EXPORT_PREFIX.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '_') {
                out.write('-');
            } else if (c == '$' && i + 2 < body.length() && isHex(body.charAt(i + 1)) && isHex(body.charAt(i + 2))) {
                out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                i += 2;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.write(c);
            } else {
                return encoded;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /**
     * Returns {@code module} with every export these bindings encoded renamed to its canonical
     * name, which AssemblyScript cannot write itself; other exports keep theirs.
     */
    public static byte[] canonicalExportNames(byte[] module) {
        return NameRewriter.rename(module, new NameRewriter.Renaming() {
            @Override
            public String exportName(String name) {
                return name.startsWith(ENCODED_EXPORT_PREFIX) ? decodeExportName(name) : name;
            }

            @Override
            public String importModule(String module, String name) {
                return module;
            }

            @Override
            public String importName(String module, String name) {
                return name;
            }
        });
    }

    // ---------------------------------------------------------------- types

    private String asType(WitType type) {
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL -> "bool";
                case S8 -> "i8";
                case U8 -> "u8";
                case S16 -> "i16";
                case U16 -> "u16";
                case S32 -> "i32";
                case U32, CHAR -> "u32";
                case S64 -> "i64";
                case U64 -> "u64";
                case F32 -> "f32";
                case F64 -> "f64";
                case STRING -> "string";
            };
        }
        if (type instanceof TypeDef def) {
            String known = named.get(def);
            if (known != null) {
                return known;
            }
            String name = pascal(def.name());
            String owner = typeOwners.putIfAbsent(name, def.owner());
            if (owner != null && !owner.equals(def.owner())) {
                throw new BindgenException("types " + def.name() + " of " + owner + " and of " + def.owner()
                        + " would both be " + name + " in AssemblyScript; rename one");
            }
            named.put(def, name);
            define(def, name);
            return name;
        }
        if (type instanceof WitType.ListType list) {
            return "Array<" + asType(list.element()) + ">";
        }
        if (type instanceof WitType.OptionType option) {
            return "Option<" + asType(option.element()) + ">";
        }
        if (type instanceof WitType.ResultType result) {
            return "Result<" + result.ok().map(this::asType).orElse("Unit") + ", "
                    + result.err().map(this::asType).orElse("Unit") + ">";
        }
        if (type instanceof WitType.TupleType tuple) {
            tupleArities.add(tuple.elements().size());
            return "Tuple" + tuple.elements().size() + "<"
                    + String.join(
                            ", ", tuple.elements().stream().map(this::asType).toList()) + ">";
        }
        if (type instanceof WitType.HandleType handle) {
            throw new BindgenException("world " + world.qualifiedName() + " uses resource "
                    + handle.resource().name()
                    + "; the AssemblyScript bindings do not support resources yet (the C bindings do)");
        }
        throw new BindgenException("world " + world.qualifiedName() + " uses " + type
                + "; async types (future, stream, error-context) are not supported");
    }

    private void define(TypeDef def, String name) {
        StringBuilder out = new StringBuilder("\n");
        docs(def.docs(), "", out);
        TypeDefKind kind = def.kind();
        if (kind instanceof TypeDefKind.RecordKind record) {
            List<String> fields = new ArrayList<>();
            for (TypeDefKind.Field field : record.fields()) {
                fields.add("public " + camel(field.name()) + ": " + asType(field.type()));
            }
            out.append("export class ")
                    .append(name)
                    .append(" {\n  constructor(")
                    .append(String.join(", ", fields))
                    .append(") {}\n}\n");
        } else if (kind instanceof TypeDefKind.VariantKind variant) {
            String tag = tagType(variant.cases().size());
            out.append("export class ").append(name).append(" {\n");
            for (int i = 0; i < variant.cases().size(); i++) {
                out.append("  static readonly ")
                        .append(CNames.shouty(variant.cases().get(i).name()))
                        .append(": ")
                        .append(tag)
                        .append(" = ")
                        .append(i)
                        .append(";\n");
            }
            out.append("  tag: ").append(tag).append(" = 0;\n");
            for (TypeDefKind.Case c : variant.cases()) {
                if (c.payload().isPresent()) {
                    WitType payload = c.payload().get();
                    out.append("  ")
                            .append(camel(c.name()))
                            .append(": ")
                            .append(fieldType(payload))
                            .append(" = ")
                            .append(zero(payload))
                            .append(";\n");
                }
            }
            for (int i = 0; i < variant.cases().size(); i++) {
                TypeDefKind.Case c = variant.cases().get(i);
                String field = camel(c.name());
                out.append("  static ").append(field).append('(');
                c.payload().ifPresent(payload -> out.append("value: ").append(asType(payload)));
                out.append("): ")
                        .append(name)
                        .append(" {\n    const v = new ")
                        .append(name)
                        .append("();\n    v.tag = ")
                        .append(i)
                        .append(";\n");
                if (c.payload().isPresent()) {
                    out.append("    v.").append(field).append(" = value;\n");
                }
                out.append("    return v;\n  }\n");
            }
            out.append("}\n");
        } else if (kind instanceof TypeDefKind.EnumKind enumKind) {
            out.append("export enum ").append(name).append(" {\n");
            for (int i = 0; i < enumKind.cases().size(); i++) {
                out.append("  ")
                        .append(pascal(enumKind.cases().get(i)))
                        .append(" = ")
                        .append(i)
                        .append(",\n");
            }
            out.append("}\n");
        } else if (kind instanceof TypeDefKind.FlagsKind flags) {
            int count = flags.flags().size();
            if (count > 32) {
                throw new BindgenException(
                        "flags " + def.name() + " has " + count + " members; the bindings support at most 32");
            }
            String repr = flagsType(count);
            out.append("export type ").append(name).append(" = ").append(repr).append(";\n");
            out.append("export namespace ").append(name).append(" {\n");
            for (int i = 0; i < count; i++) {
                out.append("  export const ")
                        .append(CNames.shouty(flags.flags().get(i)))
                        .append(": ")
                        .append(repr)
                        .append(" = ")
                        .append(1L << i)
                        .append(";\n");
            }
            out.append("}\n");
        } else if (kind instanceof TypeDefKind.AliasKind alias) {
            out.append("export type ")
                    .append(name)
                    .append(" = ")
                    .append(asType(alias.target()))
                    .append(";\n");
        } else {
            throw new BindgenException("world " + world.qualifiedName() + " uses resource " + def.name()
                    + "; the AssemblyScript bindings do not support resources yet (the C bindings do)");
        }
        typeDefinitions.append(out);
    }

    private static String flagsType(int count) {
        return count <= 8 ? "u8" : count <= 16 ? "u16" : "u32";
    }

    private static String tagType(int cases) {
        return switch (CanonicalLayout.discriminantSize(cases)) {
            case 1 -> "u8";
            case 2 -> "u16";
            default -> "u32";
        };
    }

    /** A variant payload field: nullable when it holds a reference, so it can start empty. */
    private String fieldType(WitType type) {
        return isReference(type) ? asType(type) + " | null" : asType(type);
    }

    private String zero(WitType type) {
        if (isReference(type)) {
            return "null";
        }
        WitType resolved = GuestAbi.resolve(type);
        if (resolved == WitPrimitive.BOOL) {
            return "false";
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind) {
            return "<" + asType(type) + ">0";
        }
        return "0";
    }

    private static boolean isReference(WitType type) {
        WitType resolved = GuestAbi.resolve(type);
        if (resolved instanceof WitPrimitive primitive) {
            return primitive == WitPrimitive.STRING;
        }
        if (resolved instanceof TypeDef def) {
            return def.kind() instanceof TypeDefKind.RecordKind || def.kind() instanceof TypeDefKind.VariantKind;
        }
        return true;
    }

    private static void docs(String docs, String indent, StringBuilder out) {
        if (docs != null && !docs.isBlank()) {
            out.append(indent).append("/**\n");
            docs.lines()
                    .forEach(line -> out.append(indent)
                            .append(" * ")
                            .append(line.strip())
                            .append('\n'));
            out.append(indent).append(" */\n");
        }
    }

    private static String wasmType(ValueType type) {
        return switch (type) {
            case I32 -> "i32";
            case I64 -> "i64";
            case F32 -> "f32";
            case F64 -> "f64";
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private void refuseResource(WitFunction function) {
        if (function.kind() != io.airssys.wasm.wit.FunctionKind.FREESTANDING) {
            throw new BindgenException("world " + world.qualifiedName() + " uses resource "
                    + function.resource().map(TypeDef::name).orElse("?")
                    + "; the AssemblyScript bindings do not support resources yet (the C bindings do)");
        }
    }

    // ---------------------------------------------------------------- imports

    private String importFunction(String module, WitFunction function, String indent) {
        refuseResource(function);
        CallPlan plan = GuestAbi.plan(world, function);
        String name = camel(function.name());
        String core = "__wasm_import_" + name;

        List<String> coreParams = new ArrayList<>();
        if (plan.paramsInMemory()) {
            coreParams.add("params: i32");
        } else {
            for (int i = 0; i < plan.flatParams().size(); i++) {
                coreParams.add("p" + i + ": " + wasmType(plan.flatParams().get(i)));
            }
        }
        if (plan.resultInMemory()) {
            coreParams.add("ret: i32");
        }
        String coreResult = !plan.resultInMemory() && plan.flatResult().size() == 1
                ? wasmType(plan.flatResult().get(0))
                : "void";
        StringBuilder out = new StringBuilder("\n");
        out.append(indent).append("// @ts-ignore: decorator\n");
        out.append(indent)
                .append("@external(\"")
                .append(module)
                .append("\", \"")
                .append(function.name())
                .append("\")\n");
        out.append(indent)
                .append("declare function ")
                .append(core)
                .append('(')
                .append(String.join(", ", coreParams))
                .append("): ")
                .append(coreResult)
                .append(";\n\n");

        List<String> params = new ArrayList<>();
        for (WitFunction.Param param : function.params()) {
            params.add(camel(param.name()) + ": " + asType(param.type()));
        }
        String resultType = function.result().map(this::asType).orElse("void");
        docs(function.docs(), indent, out);
        out.append(indent)
                .append("export function ")
                .append(name)
                .append('(')
                .append(String.join(", ", params))
                .append("): ")
                .append(resultType)
                .append(" {\n");

        Body body = new Body();
        List<String> arguments = new ArrayList<>();
        if (plan.paramsInMemory()) {
            WitType.TupleType tuple = new WitType.TupleType(plan.paramTypes());
            String area = body.local(
                    "__airssys_allocate_scratch(" + CanonicalLayout.size(tuple) + ", "
                            + CanonicalLayout.alignment(tuple) + ")",
                    "area");
            int[] offsets = CanonicalLayout.memberOffsets(plan.paramTypes());
            for (int i = 0; i < plan.paramTypes().size(); i++) {
                store(
                        plan.paramTypes().get(i),
                        camel(function.params().get(i).name()),
                        area + " + " + offsets[i],
                        body);
            }
            arguments.add("<i32>" + area);
        } else {
            for (int i = 0; i < plan.paramTypes().size(); i++) {
                for (Flat value : lowerFlat(
                        plan.paramTypes().get(i), camel(function.params().get(i).name()), body)) {
                    arguments.add(value.expression());
                }
            }
        }
        String retArea = null;
        if (plan.resultInMemory()) {
            WitType result = function.result().get();
            retArea = body.local(
                    "__airssys_allocate_scratch(" + CanonicalLayout.size(result) + ", "
                            + CanonicalLayout.alignment(result) + ")",
                    "ret");
            arguments.add("<i32>" + retArea);
        }
        String call = core + "(" + String.join(", ", arguments) + ")";
        if (function.result().isEmpty()) {
            body.line(call + ";");
            body.line("__airssys_free_scratch();");
        } else {
            WitType result = function.result().get();
            String lifted;
            if (plan.resultInMemory()) {
                body.line(call + ";");
                lifted = load(result, retArea, body);
            } else {
                String raw = body.local(call, "raw");
                lifted = liftFlat(
                        result,
                        new ArrayDeque<>(List.of(new Flat(raw, plan.flatResult().get(0)))),
                        body);
            }
            String value = body.local(lifted, "result");
            body.line("__airssys_free_scratch();");
            body.line("return " + value + ";");
        }
        out.append(body.render(indent + "  ")).append(indent).append("}\n");
        return out.toString();
    }

    // ---------------------------------------------------------------- exports

    private void exportFunction(String exportName, WitFunction function, String implementationName) {
        refuseResource(function);
        CallPlan plan = GuestAbi.plan(world, function);
        String encoded = encodeExportName(exportName);

        Body body = new Body();
        List<String> coreParams = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        if (plan.paramsInMemory()) {
            coreParams.add("params: i32");
            int[] offsets = CanonicalLayout.memberOffsets(plan.paramTypes());
            for (int i = 0; i < plan.paramTypes().size(); i++) {
                arguments.add(body.local(load(plan.paramTypes().get(i), "<usize>params + " + offsets[i], body), "arg"));
            }
        } else {
            Deque<Flat> flats = new ArrayDeque<>();
            for (int i = 0; i < plan.flatParams().size(); i++) {
                coreParams.add("p" + i + ": " + wasmType(plan.flatParams().get(i)));
                flats.add(new Flat("p" + i, plan.flatParams().get(i)));
            }
            for (WitType type : plan.paramTypes()) {
                arguments.add(body.local(liftFlat(type, flats, body), "arg"));
            }
        }
        if (plan.paramsInMemory()) {
            body.line("__airssys_release(<usize>params, "
                    + CanonicalLayout.size(new WitType.TupleType(plan.paramTypes())) + ");");
        }
        body.line("__airssys_free_scratch();");
        String call = "impl." + implementationName + "(" + String.join(", ", arguments) + ")";
        String coreResult = "void";
        if (function.result().isEmpty()) {
            body.line(call + ";");
        } else {
            WitType result = function.result().get();
            String value = body.local(call, "result");
            if (plan.resultInMemory()) {
                String area = body.local(
                        "__airssys_allocate_result(" + CanonicalLayout.size(result) + ", "
                                + CanonicalLayout.alignment(result) + ")",
                        "area");
                body.useResultAllocation = true;
                store(result, value, area, body);
                body.line("return <i32>" + area + ";");
                coreResult = "i32";
            } else {
                List<Flat> flats = lowerFlat(result, value, body);
                coreResult = wasmType(flats.get(0).type());
                body.line("return " + flats.get(0).expression() + ";");
            }
        }
        adapters.append("\n/** ").append(exportName).append(" */\n");
        adapters.append("export function ")
                .append(encoded)
                .append('(')
                .append(String.join(", ", coreParams))
                .append("): ")
                .append(coreResult)
                .append(" {\n")
                .append(body.render("  "))
                .append("}\n");
        if (plan.resultInMemory()) {
            adapters.append("\nexport function ")
                    .append(encodeExportName("cabi_post_" + exportName))
                    .append("(result: i32): void {\n  __airssys_free_results();\n}\n");
        }
    }

    // ---------------------------------------------------------------- memory

    /** Stores {@code value} of {@code type} at {@code address} in the canonical layout, allocating what it points to. */
    private void store(WitType type, String value, String address, Body body) {
        WitType resolved = GuestAbi.resolve(type);
        if (resolved instanceof WitPrimitive primitive) {
            switch (primitive) {
                case BOOL -> body.line("store<u8>(" + address + ", " + value + " ? 1 : 0);");
                case STRING -> {
                    String bytes = body.local("__airssys_lower_string(" + value + ", " + body.allocator() + ")", "str");
                    body.line("store<u32>(" + address + ", <u32>" + bytes + ");");
                    body.line("store<u32>(" + address + " + 4, <u32>String.UTF8.byteLength(" + value + "));");
                }
                default -> body.line("store<" + asType(primitive) + ">(" + address + ", " + value + ");");
            }
            return;
        }
        if (resolved instanceof WitType.ListType list) {
            String[] lowered = storeList(list, value, body);
            body.line("store<u32>(" + address + ", <u32>" + lowered[0] + ");");
            body.line("store<u32>(" + address + " + 4, <u32>" + lowered[1] + ");");
            return;
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind) {
            body.line("store<"
                    + tagType(((TypeDefKind.EnumKind) def.kind()).cases().size()) + ">(" + address + ", <"
                    + tagType(((TypeDefKind.EnumKind) def.kind()).cases().size()) + ">" + value + ");");
            return;
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.FlagsKind flags) {
            body.line("store<" + flagsType(flags.flags().size()) + ">(" + address + ", " + value + ");");
            return;
        }
        List<WitType> members = CanonicalLayout.members(resolved);
        if (members != null) {
            String object = body.local(value, "v");
            int[] offsets = CanonicalLayout.memberOffsets(members);
            List<String> fields = GuestAbi.memberNames(resolved, AssemblyScriptBindings::camel);
            for (int i = 0; i < members.size(); i++) {
                store(members.get(i), object + "." + fields.get(i), address + " + " + offsets[i], body);
            }
            return;
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
        String object = body.local(value, "v");
        int payloadOffset = CanonicalLayout.payloadOffset(cases);
        String tagType = tagType(cases.count());
        body.line("store<" + tagType + ">(" + address + ", <" + tagType + ">" + tagOf(resolved, object) + ");");
        body.line("switch (<i32>" + tagOf(resolved, object) + ") {");
        for (int i = 0; i < cases.count(); i++) {
            Optional<WitType> payload = cases.payloads().get(i);
            if (payload.isEmpty()) {
                continue;
            }
            body.line("  case " + i + ": {");
            body.indent += 2;
            store(payload.get(), payloadOf(resolved, cases, i, object), address + " + " + payloadOffset, body);
            body.indent -= 2;
            body.line("    break;");
            body.line("  }");
        }
        body.line("  default:");
        body.line("    break;");
        body.line("}");
    }

    /** An expression reading a value of {@code type} from {@code address}, after the statements it needs. */
    private String load(WitType type, String address, Body body) {
        WitType resolved = GuestAbi.resolve(type);
        if (resolved instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL -> "load<u8>(" + address + ") != 0";
                case STRING ->
                    "__airssys_lift_string(<usize>load<u32>(" + address + "), <usize>load<u32>(" + address + " + 4))";
                default -> "load<" + asType(primitive) + ">(" + address + ")";
            };
        }
        if (resolved instanceof WitType.ListType list) {
            return loadList(list, "<usize>load<u32>(" + address + ")", "<i32>load<u32>(" + address + " + 4)", body);
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind enumKind) {
            return "<" + asType(type) + ">load<" + tagType(enumKind.cases().size()) + ">(" + address + ")";
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.FlagsKind flags) {
            return "load<" + flagsType(flags.flags().size()) + ">(" + address + ")";
        }
        List<WitType> members = CanonicalLayout.members(resolved);
        if (members != null) {
            int[] offsets = CanonicalLayout.memberOffsets(members);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                values.add(body.local(load(members.get(i), address + " + " + offsets[i], body), "m"));
            }
            return "new " + asType(type) + "(" + String.join(", ", values) + ")";
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
        int payloadOffset = CanonicalLayout.payloadOffset(cases);
        String tag = body.local("<i32>load<" + tagType(cases.count()) + ">(" + address + ")", "tag");
        String result = body.declare(asType(type), "c", "changetype<" + asType(type) + ">(0)");
        body.line("switch (" + tag + ") {");
        for (int i = 0; i < cases.count(); i++) {
            body.line("  case " + i + ": {");
            body.indent += 2;
            Optional<WitType> payload = cases.payloads().get(i);
            String value = payload.map(p -> load(p, address + " + " + payloadOffset, body))
                    .orElse(null);
            body.line(result + " = " + construct(type, resolved, cases, i, value) + ";");
            body.indent -= 2;
            body.line("    break;");
            body.line("  }");
        }
        body.line("  default:");
        body.line("    unreachable();");
        body.line("}");
        return result;
    }

    /** Stores a list's elements in fresh memory; returns the expressions of its address and length. */
    private String[] storeList(WitType.ListType list, String value, Body body) {
        WitType element = list.element();
        int size = CanonicalLayout.size(element);
        String items = body.local(value, "items");
        String base = body.local(
                body.allocator() + "(<usize>" + items + ".length * " + size + ", " + CanonicalLayout.alignment(element)
                        + ")",
                "base");
        String i = body.declare("i32", "i", "0");
        body.line("for (; " + i + " < " + items + ".length; " + i + "++) {");
        body.indent++;
        store(element, items + "[" + i + "]", base + " + <usize>" + i + " * " + size, body);
        body.indent--;
        body.line("}");
        return new String[] {base, items + ".length"};
    }

    /** Reads {@code length} elements from {@code base} into a new array. */
    private String loadList(WitType.ListType list, String base, String length, Body body) {
        WitType element = list.element();
        int size = CanonicalLayout.size(element);
        String from = body.local(base, "base");
        String count = body.local(length, "length");
        String items = body.local("new " + asType(list) + "()", "items");
        String i = body.declare("i32", "i", "0");
        body.line("for (; " + i + " < " + count + "; " + i + "++) {");
        body.indent++;
        body.line(items + ".push(" + load(element, from + " + <usize>" + i + " * " + size, body) + ");");
        body.indent--;
        body.line("}");
        body.line("__airssys_release(" + from + ", <usize>" + count + " * " + size + ");");
        return items;
    }

    // ---------------------------------------------------------------- flat forms

    private record Flat(String expression, ValueType type) {}

    private List<Flat> lowerFlat(WitType type, String value, Body body) {
        WitType resolved = GuestAbi.resolve(type);
        List<Flat> out = new ArrayList<>();
        if (resolved instanceof WitPrimitive primitive) {
            switch (primitive) {
                case BOOL -> out.add(new Flat("(" + value + " ? 1 : 0)", ValueType.I32));
                case S64, U64 -> out.add(new Flat("<i64>" + value, ValueType.I64));
                case F32 -> out.add(new Flat(value, ValueType.F32));
                case F64 -> out.add(new Flat(value, ValueType.F64));
                case STRING -> {
                    String text = body.local(value, "s");
                    String bytes = body.local("__airssys_lower_string(" + text + ", " + body.allocator() + ")", "str");
                    out.add(new Flat("<i32>" + bytes, ValueType.I32));
                    out.add(new Flat("String.UTF8.byteLength(" + text + ")", ValueType.I32));
                }
                default -> out.add(new Flat("<i32>" + value, ValueType.I32));
            }
            return out;
        }
        if (resolved instanceof WitType.ListType list) {
            String[] lowered = storeList(list, value, body);
            out.add(new Flat("<i32>" + lowered[0], ValueType.I32));
            out.add(new Flat("<i32>" + lowered[1], ValueType.I32));
            return out;
        }
        if (resolved instanceof TypeDef def
                && (def.kind() instanceof TypeDefKind.EnumKind || def.kind() instanceof TypeDefKind.FlagsKind)) {
            out.add(new Flat("<i32>" + value, ValueType.I32));
            return out;
        }
        List<WitType> members = CanonicalLayout.members(resolved);
        if (members != null) {
            String object = body.local(value, "v");
            List<String> fields = GuestAbi.memberNames(resolved, AssemblyScriptBindings::camel);
            for (int i = 0; i < members.size(); i++) {
                out.addAll(lowerFlat(members.get(i), object + "." + fields.get(i), body));
            }
            return out;
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
        List<ValueType> joined = CanonicalLayout.joinedPayload(cases);
        String object = body.local(value, "v");
        String tag = body.local("<i32>" + tagOf(resolved, object), "tag");
        List<String> slots = new ArrayList<>();
        for (ValueType slot : joined) {
            slots.add(body.declare(wasmType(slot), "slot", "0"));
        }
        body.line("switch (" + tag + ") {");
        for (int i = 0; i < cases.count(); i++) {
            Optional<WitType> payload = cases.payloads().get(i);
            if (payload.isEmpty()) {
                continue;
            }
            body.line("  case " + i + ": {");
            body.indent += 2;
            List<Flat> inner = lowerFlat(payload.get(), payloadOf(resolved, cases, i, object), body);
            for (int j = 0; j < inner.size(); j++) {
                body.line(slots.get(j) + " = " + widen(inner.get(j), joined.get(j)) + ";");
            }
            body.indent -= 2;
            body.line("    break;");
            body.line("  }");
        }
        body.line("  default:");
        body.line("    break;");
        body.line("}");
        out.add(new Flat(tag, ValueType.I32));
        for (int j = 0; j < joined.size(); j++) {
            out.add(new Flat(slots.get(j), joined.get(j)));
        }
        return out;
    }

    private String liftFlat(WitType type, Deque<Flat> flats, Body body) {
        WitType resolved = GuestAbi.resolve(type);
        if (resolved instanceof WitPrimitive primitive) {
            String v = flats.poll().expression();
            return switch (primitive) {
                case BOOL -> "(" + v + " != 0)";
                case STRING -> {
                    String length = flats.poll().expression();
                    yield "__airssys_lift_string(<usize>" + v + ", <usize>" + length + ")";
                }
                case F32, F64 -> v;
                default -> "<" + asType(primitive) + ">" + v;
            };
        }
        if (resolved instanceof WitType.ListType list) {
            String base = "<usize>" + flats.poll().expression();
            return loadList(list, base, "<i32>" + flats.poll().expression(), body);
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.EnumKind) {
            return "<" + asType(type) + ">" + flats.poll().expression();
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.FlagsKind flags) {
            return "<" + flagsType(flags.flags().size()) + ">" + flats.poll().expression();
        }
        List<WitType> members = CanonicalLayout.members(resolved);
        if (members != null) {
            List<String> values = new ArrayList<>();
            for (WitType member : members) {
                values.add(body.local(liftFlat(member, flats, body), "m"));
            }
            return "new " + asType(type) + "(" + String.join(", ", values) + ")";
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
        List<ValueType> joined = CanonicalLayout.joinedPayload(cases);
        String tag = flats.poll().expression();
        List<Flat> slots = new ArrayList<>();
        for (int j = 0; j < joined.size(); j++) {
            slots.add(flats.poll());
        }
        String result = body.declare(asType(type), "c", "changetype<" + asType(type) + ">(0)");
        body.line("switch (" + tag + ") {");
        for (int i = 0; i < cases.count(); i++) {
            body.line("  case " + i + ": {");
            body.indent += 2;
            Optional<WitType> payload = cases.payloads().get(i);
            String value = null;
            if (payload.isPresent()) {
                List<ValueType> wanted = CanonicalLayout.flatten(payload.get());
                Deque<Flat> inner = new ArrayDeque<>();
                for (int j = 0; j < wanted.size(); j++) {
                    inner.add(new Flat(narrow(slots.get(j), wanted.get(j)), wanted.get(j)));
                }
                value = liftFlat(payload.get(), inner, body);
            }
            body.line(result + " = " + construct(type, resolved, cases, i, value) + ";");
            body.indent -= 2;
            body.line("    break;");
            body.line("  }");
        }
        body.line("  default:");
        body.line("    unreachable();");
        body.line("}");
        return result;
    }

    private static String widen(Flat value, ValueType slot) {
        ValueType from = value.type();
        String e = value.expression();
        if (from == slot) {
            return e;
        }
        return switch (from) {
            case I32 -> "<i64><u32>(" + e + ")";
            case F32 -> slot == ValueType.I32 ? "reinterpret<i32>(" + e + ")" : "<i64><u32>reinterpret<i32>(" + e + ")";
            case F64 -> "reinterpret<i64>(" + e + ")";
            default -> throw new IllegalStateException(from + " -> " + slot);
        };
    }

    private static String narrow(Flat slot, ValueType wanted) {
        String e = slot.expression();
        if (slot.type() == wanted) {
            return e;
        }
        return switch (wanted) {
            case I32 -> "<i32>(" + e + ")";
            case F32 ->
                slot.type() == ValueType.I32 ? "reinterpret<f32>(" + e + ")" : "reinterpret<f32>(<i32>(" + e + "))";
            case F64 -> "reinterpret<f64>(" + e + ")";
            default -> throw new IllegalStateException(slot.type() + " -> " + wanted);
        };
    }

    // ---------------------------------------------------------------- variant-likes

    private static String tagOf(WitType resolved, String object) {
        if (resolved instanceof WitType.OptionType) {
            return "(" + object + ".isSome ? 1 : 0)";
        }
        if (resolved instanceof WitType.ResultType) {
            return "(" + object + ".isErr ? 1 : 0)";
        }
        return object + ".tag";
    }

    private static String payloadOf(WitType resolved, CanonicalLayout.Cases cases, int index, String object) {
        if (resolved instanceof WitType.OptionType) {
            return object + ".value";
        }
        if (resolved instanceof WitType.ResultType) {
            return object + (index == 0 ? ".ok" : ".err");
        }
        String field = object + "." + camel(cases.names().get(index));
        return isReference(cases.payloads().get(index).orElseThrow()) ? field + "!" : field;
    }

    private String construct(WitType type, WitType resolved, CanonicalLayout.Cases cases, int index, String value) {
        String name = asType(type);
        if (resolved instanceof WitType.OptionType option) {
            String element = asType(option.element());
            return index == 0 ? "Option.none<" + element + ">()" : "Option.some<" + element + ">(" + value + ")";
        }
        if (resolved instanceof WitType.ResultType result) {
            String ok = result.ok().map(this::asType).orElse("Unit");
            String err = result.err().map(this::asType).orElse("Unit");
            String payload = value == null ? "0" : value;
            return (index == 0 ? "Result.ok<" : "Result.err<") + ok + ", " + err + ">(" + payload + ")";
        }
        return name + "." + camel(cases.names().get(index)) + "(" + (value == null ? "" : value) + ")";
    }

    // ---------------------------------------------------------------- bodies

    /** Statements of one generated function. */
    private static final class Body {
        private final List<String> lines = new ArrayList<>();
        private int counter;
        private int indent;
        private boolean useResultAllocation;

        /** The allocator for lowered memory: results live until the post-return, the rest until the call ends. */
        String allocator() {
            return useResultAllocation ? "__airssys_allocate_result" : "__airssys_allocate_scratch";
        }

        String local(String expression, String hint) {
            String name = hint + "__" + counter++;
            line("const " + name + " = " + expression + ";");
            return name;
        }

        String declare(String type, String hint, String initial) {
            String name = hint + "__" + counter++;
            line("let " + name + ": " + type + " = " + initial + ";");
            return name;
        }

        void line(String line) {
            lines.add("  ".repeat(indent) + line);
        }

        String render(String indentation) {
            StringBuilder out = new StringBuilder();
            lines.forEach(line -> out.append(indentation).append(line).append('\n'));
            return out.toString();
        }
    }

    // ---------------------------------------------------------------- files

    private String typesFile() {
        StringBuilder out = new StringBuilder();
        out.append("// Generated by airssys-wasm bindgen assemblyscript for world ")
                .append(world.qualifiedName())
                .append(". Do not edit.\n");
        out.append("""

                /** The payload type of a result case that carries none. */
                export type Unit = u8;

                // @ts-ignore: generic zero value
                function __airssys_zero<T>(): T {
                  if (isReference<T>()) return changetype<T>(0);
                  // @ts-ignore: numbers and booleans
                  return <T>0;
                }

                /** WIT option<T>. */
                export class Option<T> {
                  constructor(public isSome: bool, public value: T) {}
                  static some<T>(value: T): Option<T> {
                    return new Option<T>(true, value);
                  }
                  static none<T>(): Option<T> {
                    return new Option<T>(false, __airssys_zero<T>());
                  }
                }

                /** WIT result<T, E>: ok unless isErr. */
                export class Result<T, E> {
                  constructor(public isErr: bool, public ok: T, public err: E) {}
                  static ok<T, E>(value: T): Result<T, E> {
                    return new Result<T, E>(false, value, __airssys_zero<E>());
                  }
                  static err<T, E>(value: E): Result<T, E> {
                    return new Result<T, E>(true, __airssys_zero<T>(), value);
                  }
                }
                """);
        for (int arity : tupleArities) {
            List<String> parameters = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < arity; i++) {
                parameters.add("T" + i);
                fields.add("public f" + i + ": T" + i);
            }
            out.append("\n/** A WIT tuple of ")
                    .append(arity)
                    .append(". */\nexport class Tuple")
                    .append(arity)
                    .append('<')
                    .append(String.join(", ", parameters))
                    .append("> {\n  constructor(")
                    .append(String.join(", ", fields))
                    .append(") {}\n}\n");
        }
        out.append(typeDefinitions);
        out.append("""

                // Memory shared with the host. A string or list the host hands over belongs to the side it
                // is given to, so its bytes are freed once read into AssemblyScript objects; what a call lowers
                // is freed when the call ends (or, for an export's result, by its post-return).
                const __airssys_scratch = new Array<usize>();
                const __airssys_results = new Array<usize>();

                export function __airssys_realloc(ptr: usize, oldSize: usize, align: usize, newSize: usize): usize {
                  if (newSize == 0) return align;
                  return ptr == 0 ? heap.alloc(newSize) : heap.realloc(ptr, newSize);
                }

                export function __airssys_lift_string(ptr: usize, length: usize): string {
                  const s = String.UTF8.decodeUnsafe(ptr, length);
                  if (length > 0) heap.free(ptr);
                  return s;
                }

                export function __airssys_release(ptr: usize, bytes: usize): void {
                  if (bytes > 0) heap.free(ptr);
                }

                export function __airssys_allocate_scratch(size: usize, align: usize): usize {
                  const p = heap.alloc(size == 0 ? 1 : size);
                  __airssys_scratch.push(p);
                  return p;
                }

                export function __airssys_allocate_result(size: usize, align: usize): usize {
                  const p = heap.alloc(size == 0 ? 1 : size);
                  __airssys_results.push(p);
                  return p;
                }

                export function __airssys_lower_string(s: string, allocate: (size: usize, align: usize) => usize): usize {
                  const length = <usize>String.UTF8.byteLength(s);
                  const p = allocate(length, 1);
                  String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, p);
                  return p;
                }

                function __airssys_free_all(list: Array<usize>): void {
                  for (let i = 0; i < list.length; i++) heap.free(list[i]);
                  list.length = 0;
                }

                export function __airssys_free_scratch(): void {
                  __airssys_free_all(__airssys_scratch);
                }

                export function __airssys_free_results(): void {
                  __airssys_free_all(__airssys_results);
                }
                """);
        out.append(imports);
        return out.toString();
    }

    private String exportsFile() {
        StringBuilder out = new StringBuilder();
        out.append("// Generated by airssys-wasm bindgen assemblyscript for world ")
                .append(world.qualifiedName())
                .append(". Do not edit.\n");
        out.append("// The core exports; re-export this module from the entry file: export * from \"./bindings/")
                .append(typesModule)
                .append("_exports\";\n");
        out.append("import * as impl from \"").append(implementation).append("\";\n");
        out.append("import * as types from \"./").append(typesModule).append("\";\n");
        out.append(
                        "import { Option, Result, Unit, __airssys_allocate_result, __airssys_allocate_scratch, "
                                + "__airssys_lower_string, __airssys_lift_string, __airssys_release, __airssys_free_scratch, __airssys_free_results } from \"./")
                .append(typesModule)
                .append("\";\n");
        if (!named.isEmpty()) {
            out.append("import { ")
                    .append(String.join(", ", new TreeSet<>(named.values())))
                    .append(" } from \"./")
                    .append(typesModule)
                    .append("\";\n");
        }
        if (!tupleArities.isEmpty()) {
            out.append("import { ")
                    .append(String.join(
                            ", ", tupleArities.stream().map(n -> "Tuple" + n).toList()))
                    .append(" } from \"./")
                    .append(typesModule)
                    .append("\";\n");
        }
        out.append("""

                export function cabi_realloc(ptr: usize, oldSize: usize, align: usize, newSize: usize): usize {
                  return types.__airssys_realloc(ptr, oldSize, align, newSize);
                }
                """);
        out.append(adapters);
        return out.toString();
    }
}
