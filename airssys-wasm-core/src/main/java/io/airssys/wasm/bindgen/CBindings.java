package io.airssys.wasm.bindgen;

import io.airssys.wasm.abi.CallPlan;
import io.airssys.wasm.abi.CanonicalLayout;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.wit.TypeDef;
import io.airssys.wasm.wit.TypeDefKind;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitType;
import io.airssys.wasm.wit.WitWorld;
import io.airssys.wasm.wit.WorldItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates C bindings for a world: a header with a C type for every WIT type it uses and a
 * prototype for every function, and a source that implements the canonical ABI around them
 * (lifting and lowering, {@code cabi_realloc}, post-return cleanup, {@code _free} helpers).
 *
 * <p>Names, types and calling conventions follow {@code wit-bindgen c}: imported functions are
 * {@code ns_pkg_iface_fn}, exported ones {@code exports_ns_pkg_iface_fn} (world-level:
 * {@code world_fn} and {@code exports_world_fn}), types {@code prefix_name_t}; strings, lists,
 * records, tuples and variants are passed by pointer, an {@code option} parameter as a pointer
 * that may be NULL; an {@code option} result is a {@code bool} return with a {@code ret} pointer,
 * a {@code result} a {@code bool} return (true for ok) with {@code ret} and {@code err} pointers.
 * Arguments an export receives belong to it (free them with the {@code _free} helpers); what it
 * returns is freed by the generated post-return. What an import returns belongs to the caller.
 *
 * <p>On wasm32 the C layout of every generated type is the canonical ABI's memory layout, so
 * values in memory are copied as they are; only the flat (register) forms are converted.
 */
public final class CBindings {

    /** Reinterprets the bits of a float as an integer and back, for variant payloads that share a slot. */
    private static final Map<String, String> BITCASTS = Map.of(
            "airssys_f32_to_i32", bitcast("int32_t", "float", "airssys_f32_to_i32"),
            "airssys_i32_to_f32", bitcast("float", "int32_t", "airssys_i32_to_f32"),
            "airssys_f64_to_i64", bitcast("int64_t", "double", "airssys_f64_to_i64"),
            "airssys_i64_to_f64", bitcast("double", "int64_t", "airssys_i64_to_f64"));

    private static String bitcast(String to, String from, String name) {
        return "\nstatic inline " + to + " " + name + "(" + from + " value) {\n  " + to + " bits;\n"
                + "  memcpy(&bits, &value, sizeof bits);\n  return bits;\n}\n";
    }

    /** The two generated files: {@code <world>.h} and {@code <world>.c}. */
    public record Files(String headerName, String header, String sourceName, String source) {}

    private final WitWorld world;
    private final String worldSnake;
    private final Set<String> exportedInterfaces = new HashSet<>();
    private final Map<TypeDef, String> namedTypes = new IdentityHashMap<>();
    private final Map<TypeDef, CResource> resources = new IdentityHashMap<>();
    private final Map<String, Boolean> anonymousTypes = new HashMap<>();
    private final Set<String> freeable = new HashSet<>();
    private final Set<String> bitcasts = new TreeSet<>();
    private final StringBuilder typeDefinitions = new StringBuilder();
    private final StringBuilder prototypes = new StringBuilder();
    private final StringBuilder helperPrototypes = new StringBuilder();
    private final StringBuilder helpers = new StringBuilder();
    private final StringBuilder adapters = new StringBuilder();
    private boolean usesStrings;
    private int returnAreaSize;
    private int returnAreaAlignment = 1;
    private String namespace;

    private CBindings(WitWorld world) {
        this.world = world;
        this.worldSnake = CNames.snake(world.name());
    }

    /**
     * Generates the bindings of {@code world}.
     *
     * @throws BindgenException if the world uses what C bindings cannot express yet: async
     *                          types, flags of more than 32 members
     */
    public static Files generate(WitWorld world) {
        return new CBindings(world).generate();
    }

    private Files generate() {
        world.exports().values().forEach(item -> {
            if (item instanceof WorldItem.InterfaceItem iface) {
                exportedInterfaces.add(iface.value().qualifiedName());
            }
        });
        for (WorldItem item : world.imports().values()) {
            if (item instanceof WorldItem.InterfaceItem iface
                    && exportedInterfaces.contains(iface.value().qualifiedName())) {
                throw new BindgenException("world " + world.qualifiedName() + " both imports and exports "
                        + iface.value().qualifiedName() + ", which the C bindings do not support");
            }
        }
        for (Map.Entry<String, WorldItem> entry : world.imports().entrySet()) {
            item(entry.getKey(), entry.getValue(), false);
        }
        for (Map.Entry<String, WorldItem> entry : world.exports().entrySet()) {
            item(entry.getKey(), entry.getValue(), true);
        }
        return new Files(worldSnake + ".h", header(), worldSnake + ".c", source());
    }

    private void item(String name, WorldItem item, boolean export) {
        if (item instanceof WorldItem.TypeItem type) {
            namespace = worldSnake;
            cType(type.value());
        } else if (item instanceof WorldItem.FunctionItem function) {
            namespace = worldSnake;
            String cName = (export ? "exports_" : "") + worldSnake + "_" + CNames.function(function.value());
            if (export) {
                exportFunction(name, function.value(), cName);
            } else {
                importFunction(WitHostFunctions.ROOT_MODULE, function.value(), cName);
            }
        } else if (item instanceof WorldItem.InterfaceItem iface) {
            WitInterface value = iface.value();
            namespace = CNames.interfacePrefix(value.qualifiedName(), export);
            value.types().values().forEach(this::cType);
            String header = (export ? "Exported" : "Imported") + " functions of " + value.qualifiedName();
            if (!value.functions().isEmpty()) {
                prototypes.append("\n// ").append(header).append('\n');
            }
            for (WitFunction function : value.functions().values()) {
                String cName = namespace + "_" + CNames.function(function);
                if (export) {
                    exportFunction(value.qualifiedName() + "#" + function.name(), function, cName);
                } else {
                    importFunction(value.qualifiedName(), function, cName);
                }
            }
        }
    }

    // ---------------------------------------------------------------- types

    /** The C type of {@code type}, defining it (and what it uses) first if it is new. */
    private String cType(WitType type) {
        if (type instanceof WitPrimitive primitive) {
            return switch (primitive) {
                case BOOL -> "bool";
                case S8 -> "int8_t";
                case U8 -> "uint8_t";
                case S16 -> "int16_t";
                case U16 -> "uint16_t";
                case S32 -> "int32_t";
                case U32, CHAR -> "uint32_t";
                case S64 -> "int64_t";
                case U64 -> "uint64_t";
                case F32 -> "float";
                case F64 -> "double";
                case STRING -> {
                    usesStrings = true;
                    yield worldSnake + "_string_t";
                }
            };
        }
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.ResourceKind) {
            return resource(def).own();
        }
        if (type instanceof TypeDef def) {
            String known = namedTypes.get(def);
            if (known != null) {
                return known;
            }
            String name = ownerPrefix(def) + "_" + CNames.snake(def.name()) + "_t";
            // anonymous types inside a named one belong to the named type's interface
            String outer = namespace;
            namespace = ownerPrefix(def);
            defineNamed(def, name);
            namespace = outer;
            namedTypes.put(def, name);
            return name;
        }
        if (type instanceof WitType.HandleType handle) {
            CResource resource = resource(handle.resource());
            return handle.borrowed() ? resource.borrow() : resource.own();
        }
        if (type instanceof WitType.ListType
                || type instanceof WitType.OptionType
                || type instanceof WitType.ResultType
                || type instanceof WitType.TupleType) {
            String name = (isPrimitiveOnly(type) ? worldSnake : namespace) + "_" + CNames.encode(type) + "_t";
            if (!anonymousTypes.containsKey(name)) {
                anonymousTypes.put(name, Boolean.FALSE);
                defineAnonymous(type, name);
                anonymousTypes.put(name, Boolean.TRUE);
            }
            return name;
        }
        throw new BindgenException("world " + world.qualifiedName() + " uses " + type
                + "; async types (future, stream, error-context) are not supported");
    }

    /**
     * The C names of one resource: its own and borrow handle types, and for a resource the
     * component exports, the struct its representation is (which the author defines).
     */
    private record CResource(
            String prefix,
            String name,
            boolean exported,
            String own,
            String borrow,
            String rep,
            String owner,
            String witName) {}

    /** The C names of {@code def}'s resource, declaring its types and helpers at first use. */
    private CResource resource(TypeDef def) {
        TypeDef real = (TypeDef) def.unaliased();
        CResource known = resources.get(real);
        if (known != null) {
            return known;
        }
        boolean exported = exportedInterfaces.contains(real.owner());
        String prefix = ownerPrefix(real);
        String r = CNames.snake(real.name());
        CResource resource = new CResource(
                prefix,
                r,
                exported,
                prefix + "_own_" + r + "_t",
                prefix + "_borrow_" + r + "_t",
                prefix + "_" + r + "_t",
                real.owner(),
                real.name());
        resources.put(real, resource);
        String module = real.owner().contains("/") ? real.owner() : WitHostFunctions.ROOT_MODULE;
        StringBuilder out = new StringBuilder("\n");
        docs(real.docs(), out);
        out.append(fill("typedef struct {own} {\n  int32_t __handle;\n} {own};\n", resource));
        if (exported) {
            out.append(fill("""
                    // Defined by you: what one {wit} is.
                    typedef struct {rep} {rep};
                    typedef {rep} *{borrow};
                    """, resource));
            prototypes.append(fill("""

                    // Called when the host or the component drops a {wit}; frees what `rep` holds.
                    void {p}_destructor({rep} *rep);
                    """, resource));
            helperPrototypes.append(fill("""

                    // A new handle owning `rep` (to return from a constructor or function).
                    {own} {p}_new({rep} *rep);
                    // The representation an own handle stands for.
                    {rep} *{p}_rep({own} handle);
                    // Drops an own handle; the destructor runs.
                    void {p}_drop_own({own} handle);
                    """, resource));
            String builtIns = "[export]" + real.owner();
            helpers.append(importDeclaration(builtIns, "[resource-new]" + real.name(), "int32_t", resource, "new"))
                    .append(importDeclaration(builtIns, "[resource-rep]" + real.name(), "int32_t", resource, "rep"))
                    .append(importDeclaration(builtIns, "[resource-drop]" + real.name(), "void", resource, "drop"))
                    .append(fill("""

                            {own} {p}_new({rep} *rep) {
                              return ({own}) {__wasm_import_{p}_new((int32_t) rep)};
                            }

                            {rep} *{p}_rep({own} handle) {
                              return ({rep} *) __wasm_import_{p}_rep(handle.__handle);
                            }

                            void {p}_drop_own({own} handle) {
                              __wasm_import_{p}_drop(handle.__handle);
                            }
                            """, resource));
            adapters.append(fill("""

                    __attribute__((__export_name__("{owner}#[dtor]{wit}")))
                    void __wasm_export_{p}_dtor(int32_t rep) {
                      {p}_destructor(({rep} *) rep);
                    }
                    """, resource));
        } else {
            out.append(fill("typedef struct {borrow} {\n  int32_t __handle;\n} {borrow};\n", resource));
            helperPrototypes.append(fill("""

                    // Drops an own handle of {wit}; the host releases it.
                    void {p}_drop_own({own} handle);
                    // Drops a borrow; borrows your exports receive are dropped for you when they return.
                    void {p}_drop_borrow({borrow} handle);
                    // Borrows an own handle, to pass it where a borrow is expected.
                    {borrow} {prefix}_borrow_{name}({own} handle);
                    """, resource));
            helpers.append(importDeclaration(module, "[resource-drop]" + real.name(), "void", resource, "drop"))
                    .append(fill("""

                            void {p}_drop_own({own} handle) {
                              __wasm_import_{p}_drop(handle.__handle);
                            }

                            void {p}_drop_borrow({borrow} handle) {
                              __wasm_import_{p}_drop(handle.__handle);
                            }

                            {borrow} {prefix}_borrow_{name}({own} handle) {
                              return ({borrow}) {handle.__handle};
                            }
                            """, resource));
        }
        typeDefinitions.append(out);
        return resource;
    }

    /** Declares the core import {@code (i32) -> result} of a resource built-in as {@code __wasm_import_<p>_<what>}. */
    private static String importDeclaration(
            String module, String name, String result, CResource resource, String what) {
        return "\n__attribute__((__import_module__(\"" + module + "\"), __import_name__(\"" + name + "\")))\nextern "
                + result + " __wasm_import_" + resource.prefix() + "_" + resource.name() + "_" + what + "(int32_t);\n";
    }

    /** {@code template} with the resource's names put in: {p} is {@code <prefix>_<name>}. */
    private static String fill(String template, CResource resource) {
        return template.replace("{p}", resource.prefix() + "_" + resource.name())
                .replace("{prefix}", resource.prefix())
                .replace("{name}", resource.name())
                .replace("{own}", resource.own())
                .replace("{borrow}", resource.borrow())
                .replace("{rep}", resource.rep())
                .replace("{owner}", resource.owner())
                .replace("{wit}", resource.witName());
    }

    /** The handle type {@code resolved} is, if it is one (a resource named plainly is its own handle). */
    private static Optional<WitType.HandleType> handle(WitType resolved) {
        if (resolved instanceof WitType.HandleType handle) {
            return Optional.of(handle);
        }
        if (resolved instanceof TypeDef def && def.kind() instanceof TypeDefKind.ResourceKind) {
            return Optional.of(new WitType.HandleType(def, false));
        }
        return Optional.empty();
    }

    private String ownerPrefix(TypeDef def) {
        if (def.owner().equals(world.qualifiedName()) || !def.owner().contains("/")) {
            return worldSnake;
        }
        return CNames.interfacePrefix(def.owner(), exportedInterfaces.contains(def.owner()));
    }

    /** Anonymous types made of primitives only are shared world-wide, as wit-bindgen does. */
    private static boolean isPrimitiveOnly(WitType type) {
        if (type instanceof WitPrimitive) {
            return true;
        }
        if (type instanceof WitType.ListType list) {
            return isPrimitiveOnly(list.element());
        }
        if (type instanceof WitType.OptionType option) {
            return isPrimitiveOnly(option.element());
        }
        if (type instanceof WitType.TupleType tuple) {
            return tuple.elements().stream().allMatch(CBindings::isPrimitiveOnly);
        }
        return false;
    }

    private void defineNamed(TypeDef def, String name) {
        String constants = ownerPrefix(def).toUpperCase(Locale.ROOT) + "_" + CNames.shouty(def.name());
        StringBuilder out = new StringBuilder("\n");
        docs(def.docs(), out);
        TypeDefKind kind = def.kind();
        if (kind instanceof TypeDefKind.RecordKind record) {
            List<String> fields = new ArrayList<>();
            for (TypeDefKind.Field field : record.fields()) {
                fields.add(cType(field.type()) + " " + CNames.ident(field.name()) + ";");
            }
            out.append("typedef struct ").append(name).append(" {\n");
            fields.forEach(field -> out.append("  ").append(field).append('\n'));
            out.append("} ").append(name).append(";\n");
        } else if (kind instanceof TypeDefKind.VariantKind variant) {
            String tag = tagType(variant.cases().size());
            List<String> payloads = new ArrayList<>();
            for (TypeDefKind.Case c : variant.cases()) {
                c.payload().ifPresent(payload -> payloads.add(cType(payload) + " " + CNames.ident(c.name()) + ";"));
            }
            out.append("typedef struct ")
                    .append(name)
                    .append(" {\n  ")
                    .append(tag)
                    .append(" tag;\n");
            union(payloads, out);
            out.append("} ").append(name).append(";\n\n");
            for (int i = 0; i < variant.cases().size(); i++) {
                constant(out, constants, variant.cases().get(i).name(), Integer.toString(i));
            }
        } else if (kind instanceof TypeDefKind.EnumKind enumKind) {
            out.append("typedef ")
                    .append(tagType(enumKind.cases().size()))
                    .append(' ')
                    .append(name)
                    .append(";\n\n");
            for (int i = 0; i < enumKind.cases().size(); i++) {
                constant(out, constants, enumKind.cases().get(i), Integer.toString(i));
            }
        } else if (kind instanceof TypeDefKind.FlagsKind flags) {
            int count = flags.flags().size();
            if (count > 32) {
                throw new BindgenException(
                        "flags " + def.name() + " has " + count + " members; the C bindings support at most 32");
            }
            String repr = count <= 8 ? "uint8_t" : count <= 16 ? "uint16_t" : "uint32_t";
            out.append("typedef ").append(repr).append(' ').append(name).append(";\n\n");
            for (int i = 0; i < count; i++) {
                constant(out, constants, flags.flags().get(i), "(1U << " + i + ")");
            }
        } else if (kind instanceof TypeDefKind.AliasKind alias) {
            out.append("typedef ")
                    .append(cType(alias.target()))
                    .append(' ')
                    .append(name)
                    .append(";\n");
        } else {
            throw new IllegalStateException("resource " + def.name() + " is declared by resource()");
        }
        typeDefinitions.append(out);
        defineFree(def, name);
    }

    private static void constant(StringBuilder out, String prefix, String name, String value) {
        out.append("#define ")
                .append(prefix)
                .append('_')
                .append(CNames.shouty(name))
                .append(' ')
                .append(value)
                .append('\n');
    }

    private void defineAnonymous(WitType type, String name) {
        StringBuilder out = new StringBuilder("\ntypedef struct ").append(name).append(" {\n");
        if (type instanceof WitType.ListType list) {
            out.append("  ").append(cType(list.element())).append(" *ptr;\n  size_t len;\n");
        } else if (type instanceof WitType.OptionType option) {
            out.append("  bool is_some;\n  ").append(cType(option.element())).append(" val;\n");
        } else if (type instanceof WitType.ResultType result) {
            List<String> payloads = new ArrayList<>();
            result.ok().ifPresent(ok -> payloads.add(cType(ok) + " ok;"));
            result.err().ifPresent(err -> payloads.add(cType(err) + " err;"));
            out.append("  bool is_err;\n");
            union(payloads, out);
        } else if (type instanceof WitType.TupleType tuple) {
            for (int i = 0; i < tuple.elements().size(); i++) {
                out.append("  ")
                        .append(cType(tuple.elements().get(i)))
                        .append(" f")
                        .append(i)
                        .append(";\n");
            }
        }
        out.append("} ").append(name).append(";\n");
        typeDefinitions.append(out);
        defineFree(type, name);
    }

    private static void union(List<String> members, StringBuilder out) {
        if (!members.isEmpty()) {
            out.append("  union {\n");
            members.forEach(member -> out.append("    ").append(member).append('\n'));
            out.append("  } val;\n");
        }
    }

    private static String tagType(int cases) {
        return switch (CanonicalLayout.discriminantSize(cases)) {
            case 1 -> "uint8_t";
            case 2 -> "uint16_t";
            default -> "uint32_t";
        };
    }

    private static void docs(String docs, StringBuilder out) {
        if (docs != null && !docs.isBlank()) {
            docs.lines().forEach(line -> out.append("// ").append(line.strip()).append('\n'));
        }
    }

    // ---------------------------------------------------------------- free helpers

    /** Emits {@code prefix_free(T *ptr)} if values of {@code type} own memory. */
    private void defineFree(WitType type, String name) {
        StringBuilder body = new StringBuilder();
        WitType resolved = type;
        if (type instanceof TypeDef def && def.kind() instanceof TypeDefKind.AliasKind alias) {
            free(alias.target(), "ptr", body);
        } else if (resolved instanceof WitType.ListType list) {
            StringBuilder element = new StringBuilder();
            free(list.element(), "&ptr->ptr[i]", element);
            if (!element.isEmpty()) {
                body.append("  for (size_t i = 0; i < ptr->len; i++) {\n  ")
                        .append(element)
                        .append("  }\n");
            }
            body.append("  if (ptr->len > 0) {\n    free(ptr->ptr);\n  }\n");
        } else if (CanonicalLayout.members(resolved) != null) {
            List<String> fields = GuestAbi.memberNames(resolved, CNames::ident);
            List<WitType> members = CanonicalLayout.members(resolved);
            for (int i = 0; i < members.size(); i++) {
                free(members.get(i), "&ptr->" + fields.get(i), body);
            }
        } else if (CanonicalLayout.cases(resolved) != null) {
            CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
            StringBuilder arms = new StringBuilder();
            for (int i = 0; i < cases.count(); i++) {
                if (cases.payloads().get(i).isPresent()) {
                    StringBuilder arm = new StringBuilder();
                    free(cases.payloads().get(i).get(), "&ptr->" + payloadAccessor(resolved, cases, i), arm);
                    if (!arm.isEmpty()) {
                        arms.append("    case ")
                                .append(i)
                                .append(":\n    ")
                                .append(arm)
                                .append("      break;\n");
                    }
                }
            }
            if (!arms.isEmpty()) {
                body.append("  switch ((int32_t) ptr->")
                        .append(tagAccessor(resolved))
                        .append(") {\n")
                        .append(arms)
                        .append("    default:\n      break;\n  }\n");
            }
        }
        if (body.isEmpty()) {
            return;
        }
        String prefix = name.substring(0, name.length() - 2);
        helperPrototypes
                .append("void ")
                .append(prefix)
                .append("_free(")
                .append(name)
                .append(" *ptr);\n");
        helpers.append("\nvoid ")
                .append(prefix)
                .append("_free(")
                .append(name)
                .append(" *ptr) {\n")
                .append(body)
                .append("}\n");
        freeable.add(name);
    }

    /** Appends the statement that frees {@code pointer} (a {@code T *}), if {@code type} owns memory. */
    private void free(WitType type, String pointer, StringBuilder out) {
        if (type == WitPrimitive.STRING) {
            out.append("  ")
                    .append(worldSnake)
                    .append("_string_free(")
                    .append(pointer)
                    .append(");\n");
        } else if (!(type instanceof WitPrimitive)) {
            String name = cType(type);
            if (freeable.contains(name)) {
                out.append("  ")
                        .append(name, 0, name.length() - 2)
                        .append("_free(")
                        .append(pointer)
                        .append(");\n");
            }
        }
    }

    private boolean ownsMemory(WitType type) {
        return type == WitPrimitive.STRING || (!(type instanceof WitPrimitive) && freeable.contains(cType(type)));
    }

    // ---------------------------------------------------------------- accessors

    private static String tagAccessor(WitType resolved) {
        if (resolved instanceof WitType.OptionType) {
            return "is_some";
        }
        if (resolved instanceof WitType.ResultType) {
            return "is_err";
        }
        return "tag";
    }

    private static String payloadAccessor(WitType resolved, CanonicalLayout.Cases cases, int index) {
        if (resolved instanceof WitType.OptionType) {
            return "val";
        }
        if (resolved instanceof WitType.ResultType) {
            return index == 0 ? "val.ok" : "val.err";
        }
        return "val." + CNames.ident(cases.names().get(index));
    }

    // ---------------------------------------------------------------- signatures

    private enum Passing {
        VALUE,
        POINTER,
        OPTIONAL
    }

    private enum Returning {
        VOID,
        SCALAR,
        OPTION,
        RESULT,
        POINTER
    }

    /** The C signature of a WIT function, in wit-bindgen's conventions. */
    private record Signature(
            String cName,
            List<String> params,
            List<Passing> passing,
            Returning returning,
            Optional<WitType> ok,
            Optional<WitType> err,
            String text) {}

    private Signature signature(WitFunction function, String cName) {
        List<String> params = new ArrayList<>();
        List<Passing> passing = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        for (WitFunction.Param param : function.params()) {
            WitType resolved = GuestAbi.resolve(param.type());
            String name = CNames.ident(param.name());
            params.add(name);
            if (resolved instanceof WitType.OptionType option) {
                passing.add(Passing.OPTIONAL);
                declared.add(cType(option.element()) + " *maybe_" + name);
            } else if (byPointer(resolved)) {
                passing.add(Passing.POINTER);
                declared.add(cType(param.type()) + " *" + name);
            } else {
                passing.add(Passing.VALUE);
                declared.add(cType(param.type()) + " " + name);
            }
        }
        Returning returning = Returning.VOID;
        Optional<WitType> ok = Optional.empty();
        Optional<WitType> err = Optional.empty();
        String returnType = "void";
        if (function.result().isPresent()) {
            WitType result = function.result().get();
            WitType resolved = GuestAbi.resolve(result);
            if (resolved instanceof WitType.OptionType option) {
                returning = Returning.OPTION;
                returnType = "bool";
                ok = Optional.of(option.element());
                declared.add(cType(option.element()) + " *ret");
            } else if (resolved instanceof WitType.ResultType resultType) {
                returning = Returning.RESULT;
                returnType = "bool";
                ok = resultType.ok();
                err = resultType.err();
                ok.ifPresent(type -> declared.add(cType(type) + " *ret"));
                err.ifPresent(type -> declared.add(cType(type) + " *err"));
            } else if (byPointer(resolved)) {
                returning = Returning.POINTER;
                declared.add(cType(result) + " *ret");
            } else {
                returning = Returning.SCALAR;
                returnType = cType(result);
            }
        }
        String text =
                returnType + " " + cName + "(" + (declared.isEmpty() ? "void" : String.join(", ", declared)) + ")";
        return new Signature(cName, params, passing, returning, ok, err, text);
    }

    /** Strings, lists, records, tuples and variant-likes go by pointer; numbers, enums and flags by value. */
    private static boolean byPointer(WitType resolved) {
        if (resolved == WitPrimitive.STRING) {
            return true;
        }
        if (resolved instanceof TypeDef def) {
            return def.kind() instanceof TypeDefKind.RecordKind || def.kind() instanceof TypeDefKind.VariantKind;
        }
        return resolved instanceof WitType.ListType
                || resolved instanceof WitType.TupleType
                || resolved instanceof WitType.OptionType
                || resolved instanceof WitType.ResultType;
    }

    private static String wasmType(ValueType type) {
        return switch (type) {
            case I32 -> "int32_t";
            case I64 -> "int64_t";
            case F32 -> "float";
            case F64 -> "double";
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    // ---------------------------------------------------------------- imports

    private void importFunction(String module, WitFunction function, String cName) {
        CallPlan plan = GuestAbi.plan(world, function);
        Signature signature = signature(function, cName);
        docs(function.docs(), prototypes);
        prototypes.append("extern ").append(signature.text()).append(";\n");

        List<String> coreParams = new ArrayList<>();
        if (plan.paramsInMemory()) {
            coreParams.add("int32_t");
        } else {
            plan.flatParams().forEach(type -> coreParams.add(wasmType(type)));
        }
        if (plan.resultInMemory()) {
            coreParams.add("int32_t");
        }
        String coreResult = !plan.resultInMemory() && plan.flatResult().size() == 1
                ? wasmType(plan.flatResult().get(0))
                : "void";
        String core = "__wasm_import_" + cName;
        adapters.append("\n__attribute__((__import_module__(\"")
                .append(module)
                .append("\"), __import_name__(\"")
                .append(function.name())
                .append("\")))\nextern ")
                .append(coreResult)
                .append(' ')
                .append(core)
                .append('(')
                .append(coreParams.isEmpty() ? "void" : String.join(", ", coreParams))
                .append(");\n");

        Body body = new Body();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < plan.paramTypes().size(); i++) {
            String name = signature.params().get(i);
            switch (signature.passing().get(i)) {
                case VALUE -> values.add(name);
                case POINTER -> values.add("(*" + name + ")");
                case OPTIONAL -> {
                    String local = body.local(cType(plan.paramTypes().get(i)), "opt");
                    body.line(local + ".is_some = maybe_" + name + " != NULL;");
                    body.line("if (maybe_" + name + ") {");
                    body.line("  " + local + ".val = *maybe_" + name + ";");
                    body.line("}");
                    values.add(local);
                }
            }
        }
        List<String> arguments = new ArrayList<>();
        if (plan.paramsInMemory()) {
            WitType.TupleType tuple = new WitType.TupleType(plan.paramTypes());
            String area = body.area(CanonicalLayout.size(tuple), CanonicalLayout.alignment(tuple), "params");
            int[] offsets = CanonicalLayout.memberOffsets(plan.paramTypes());
            for (int i = 0; i < plan.paramTypes().size(); i++) {
                body.line("*((" + cType(plan.paramTypes().get(i)) + " *) (" + area + " + " + offsets[i] + ")) = "
                        + values.get(i) + ";");
            }
            arguments.add("(int32_t) " + area);
        } else {
            for (int i = 0; i < plan.paramTypes().size(); i++) {
                for (Flat value : lowerFlat(plan.paramTypes().get(i), values.get(i), body)) {
                    arguments.add(value.expression());
                }
            }
        }
        String resultArea = null;
        if (plan.resultInMemory()) {
            WitType result = function.result().get();
            resultArea = body.area(CanonicalLayout.size(result), CanonicalLayout.alignment(result), "ret_area");
            arguments.add("(int32_t) " + resultArea);
        }
        String call = core + "(" + String.join(", ", arguments) + ");";
        if (function.result().isEmpty()) {
            body.line(call);
        } else {
            WitType result = function.result().get();
            String lifted = body.local(cType(result), "result");
            if (plan.resultInMemory()) {
                body.line(call);
                body.line(lifted + " = *((" + cType(result) + " *) " + resultArea + ");");
            } else {
                String raw = body.local(wasmType(plan.flatResult().get(0)), "raw");
                body.line(raw + " = " + call);
                Deque<Flat> flats =
                        new ArrayDeque<>(List.of(new Flat(raw, plan.flatResult().get(0))));
                liftFlat(result, flats, lifted, body);
            }
            deliverImportResult(signature, lifted, body);
        }
        adapters.append('\n')
                .append(signature.text())
                .append(" {\n")
                .append(body)
                .append("}\n");
    }

    private static void deliverImportResult(Signature signature, String lifted, Body body) {
        switch (signature.returning()) {
            case SCALAR -> body.line("return " + lifted + ";");
            case POINTER -> body.line("*ret = " + lifted + ";");
            case OPTION -> {
                body.line("if (" + lifted + ".is_some) {");
                body.line("  *ret = " + lifted + ".val;");
                body.line("}");
                body.line("return " + lifted + ".is_some;");
            }
            case RESULT -> {
                body.line("if (!" + lifted + ".is_err) {");
                signature.ok().ifPresent(ok -> body.line("  *ret = " + lifted + ".val.ok;"));
                body.line("} else {");
                signature.err().ifPresent(err -> body.line("  *err = " + lifted + ".val.err;"));
                body.line("}");
                body.line("return !" + lifted + ".is_err;");
            }
            case VOID -> {}
        }
    }

    // ---------------------------------------------------------------- exports

    private void exportFunction(String exportName, WitFunction function, String cName) {
        CallPlan plan = GuestAbi.plan(world, function);
        Signature signature = signature(function, cName);
        docs(function.docs(), prototypes);
        prototypes.append(signature.text()).append(";\n");

        Body body = new Body();
        List<String> coreParams = new ArrayList<>();
        List<String> lifted = new ArrayList<>();
        if (plan.paramsInMemory()) {
            coreParams.add("int32_t arg0");
            int[] offsets = CanonicalLayout.memberOffsets(plan.paramTypes());
            for (int i = 0; i < plan.paramTypes().size(); i++) {
                String local = body.local(cType(plan.paramTypes().get(i)), "arg");
                body.line(local + " = *((" + cType(plan.paramTypes().get(i)) + " *) ((uint8_t *) arg0 + " + offsets[i]
                        + "));");
                lifted.add(local);
            }
            body.line("free((void *) arg0);");
        } else {
            Deque<Flat> flats = new ArrayDeque<>();
            for (int i = 0; i < plan.flatParams().size(); i++) {
                coreParams.add(wasmType(plan.flatParams().get(i)) + " arg" + i);
                flats.add(new Flat("arg" + i, plan.flatParams().get(i)));
            }
            for (WitType type : plan.paramTypes()) {
                String local = body.local(cType(type), "arg");
                liftFlat(type, flats, local, body);
                lifted.add(local);
            }
        }
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < lifted.size(); i++) {
            String value = lifted.get(i);
            arguments.add(
                    switch (signature.passing().get(i)) {
                        case VALUE -> value;
                        case POINTER -> "&" + value;
                        case OPTIONAL -> value + ".is_some ? &" + value + ".val : NULL";
                    });
        }
        String result = null;
        if (function.result().isPresent()) {
            WitType resultType = function.result().get();
            String value = body.local(cType(resultType), "result");
            result = value;
            switch (signature.returning()) {
                case SCALAR -> body.line(result + " = " + call(cName, arguments) + ";");
                case POINTER -> {
                    arguments.add("&" + result);
                    body.line(call(cName, arguments) + ";");
                }
                case OPTION -> {
                    arguments.add("&" + result + ".val");
                    body.line(result + ".is_some = " + call(cName, arguments) + ";");
                }
                case RESULT -> {
                    signature.ok().ifPresent(ok -> arguments.add("&" + value + ".val.ok"));
                    signature.err().ifPresent(err -> arguments.add("&" + value + ".val.err"));
                    body.line(result + ".is_err = !" + call(cName, arguments) + ";");
                }
                case VOID -> throw new IllegalStateException();
            }
        } else {
            body.line(call(cName, arguments) + ";");
        }
        for (int i = 0; i < plan.paramTypes().size(); i++) {
            // borrows lent to an export must be dropped before it returns; the bindings do it
            Optional<WitType.HandleType> handle =
                    handle(GuestAbi.resolve(plan.paramTypes().get(i)));
            if (handle.isPresent() && handle.get().borrowed()) {
                CResource resource = resource(handle.get().resource());
                if (!resource.exported()) {
                    body.line(resource.prefix() + "_" + resource.name() + "_drop_borrow(" + lifted.get(i) + ");");
                }
            }
        }
        String coreResult = "void";
        if (result != null) {
            WitType resultType = function.result().get();
            if (plan.resultInMemory()) {
                returnAreaSize = Math.max(returnAreaSize, CanonicalLayout.size(resultType));
                returnAreaAlignment = Math.max(returnAreaAlignment, CanonicalLayout.alignment(resultType));
                body.line("*((" + cType(resultType) + " *) RET_AREA) = " + result + ";");
                body.line("return (int32_t) RET_AREA;");
                coreResult = "int32_t";
            } else {
                List<Flat> flats = lowerFlat(resultType, result, body);
                coreResult = wasmType(flats.get(0).type());
                body.line("return " + flats.get(0).expression() + ";");
            }
        }
        String core = "__wasm_export_" + cName;
        adapters.append("\n__attribute__((__export_name__(\"")
                .append(exportName)
                .append("\")))\n")
                .append(coreResult)
                .append(' ')
                .append(core)
                .append('(')
                .append(coreParams.isEmpty() ? "void" : String.join(", ", coreParams))
                .append(") {\n")
                .append(body)
                .append("}\n");
        if (plan.resultInMemory() && ownsMemory(function.result().get())) {
            WitType resultType = function.result().get();
            StringBuilder cleanup = new StringBuilder();
            free(resultType, "(" + cType(resultType) + " *) arg0", cleanup);
            adapters.append("\n__attribute__((__weak__, __export_name__(\"cabi_post_")
                    .append(exportName)
                    .append("\")))\nvoid ")
                    .append(core)
                    .append("_post_return(int32_t arg0) {\n")
                    .append(cleanup)
                    .append("}\n");
        }
    }

    private static String call(String function, List<String> arguments) {
        return function + "(" + String.join(", ", arguments) + ")";
    }

    // ---------------------------------------------------------------- flat forms

    /** A core value: a C expression and its wasm type. */
    private record Flat(String expression, ValueType type) {}

    /** Lowers the C value {@code value} of {@code type} to its flat core values, emitting any statements into {@code body}. */
    private List<Flat> lowerFlat(WitType type, String value, Body body) {
        WitType resolved = GuestAbi.resolve(type);
        List<Flat> out = new ArrayList<>();
        if (resolved instanceof WitPrimitive primitive) {
            switch (primitive) {
                case S64, U64 -> out.add(new Flat("(int64_t) (" + value + ")", ValueType.I64));
                case F32 -> out.add(new Flat(value, ValueType.F32));
                case F64 -> out.add(new Flat(value, ValueType.F64));
                case STRING -> {
                    out.add(new Flat("(int32_t) (" + value + ").ptr", ValueType.I32));
                    out.add(new Flat("(int32_t) (" + value + ").len", ValueType.I32));
                }
                default -> out.add(new Flat("(int32_t) (" + value + ")", ValueType.I32));
            }
            return out;
        }
        if (resolved instanceof WitType.ListType) {
            out.add(new Flat("(int32_t) (" + value + ").ptr", ValueType.I32));
            out.add(new Flat("(int32_t) (" + value + ").len", ValueType.I32));
            return out;
        }
        Optional<WitType.HandleType> handle = handle(resolved);
        if (handle.isPresent()) {
            CResource resource = resource(handle.get().resource());
            boolean rep = resource.exported() && handle.get().borrowed();
            out.add(new Flat(rep ? "(int32_t) (" + value + ")" : "(" + value + ").__handle", ValueType.I32));
            return out;
        }
        if (resolved instanceof TypeDef def
                && (def.kind() instanceof TypeDefKind.EnumKind || def.kind() instanceof TypeDefKind.FlagsKind)) {
            out.add(new Flat("(int32_t) (" + value + ")", ValueType.I32));
            return out;
        }
        List<WitType> members = CanonicalLayout.members(resolved);
        if (members != null) {
            List<String> fields = GuestAbi.memberNames(resolved, CNames::ident);
            for (int i = 0; i < members.size(); i++) {
                out.addAll(lowerFlat(members.get(i), "(" + value + ")." + fields.get(i), body));
            }
            return out;
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
        List<ValueType> joined = CanonicalLayout.joinedPayload(cases);
        String tag = body.local("int32_t", "tag");
        body.line(tag + " = (int32_t) (" + value + ")." + tagAccessor(resolved) + ";");
        List<String> slots = new ArrayList<>();
        for (ValueType slot : joined) {
            String name = body.local(wasmType(slot), "slot");
            body.line(name + " = 0;");
            slots.add(name);
        }
        body.line("switch (" + tag + ") {");
        for (int i = 0; i < cases.count(); i++) {
            Optional<WitType> payload = cases.payloads().get(i);
            if (payload.isEmpty()) {
                continue;
            }
            body.line("  case " + i + ": {");
            body.indent++;
            List<Flat> inner = lowerFlat(payload.get(), "(" + value + ")." + payloadAccessor(resolved, cases, i), body);
            for (int j = 0; j < inner.size(); j++) {
                body.line("  " + slots.get(j) + " = " + widen(inner.get(j), joined.get(j)) + ";");
            }
            body.indent--;
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

    /** Lifts flat core values (consumed from {@code flats}) into the C lvalue {@code target}. */
    private void liftFlat(WitType type, Deque<Flat> flats, String target, Body body) {
        WitType resolved = GuestAbi.resolve(type);
        if (resolved instanceof WitPrimitive primitive) {
            switch (primitive) {
                case BOOL -> body.line(target + " = (" + flats.poll().expression() + ") != 0;");
                case STRING -> {
                    body.line(target + ".ptr = (uint8_t *) (" + flats.poll().expression() + ");");
                    body.line(target + ".len = (size_t) (" + flats.poll().expression() + ");");
                }
                case F32, F64 -> body.line(target + " = " + flats.poll().expression() + ";");
                default ->
                    body.line(target + " = (" + cType(primitive) + ") ("
                            + flats.poll().expression() + ");");
            }
            return;
        }
        if (resolved instanceof WitType.ListType list) {
            body.line(target + ".ptr = (" + cType(list.element()) + " *) ("
                    + flats.poll().expression() + ");");
            body.line(target + ".len = (size_t) (" + flats.poll().expression() + ");");
            return;
        }
        Optional<WitType.HandleType> handle = handle(resolved);
        if (handle.isPresent()) {
            CResource resource = resource(handle.get().resource());
            if (resource.exported() && handle.get().borrowed()) {
                // a borrow of its own resource reaches the component as the representation itself
                body.line(target + " = (" + resource.rep() + " *) ("
                        + flats.poll().expression() + ");");
            } else {
                body.line(target + ".__handle = (int32_t) (" + flats.poll().expression() + ");");
            }
            return;
        }
        if (resolved instanceof TypeDef def
                && (def.kind() instanceof TypeDefKind.EnumKind || def.kind() instanceof TypeDefKind.FlagsKind)) {
            String tag = flats.poll().expression();
            if (def.kind() instanceof TypeDefKind.EnumKind enumKind) {
                body.line("if ((uint32_t) (" + tag + ") >= " + enumKind.cases().size() + "U) {");
                body.line("  abort();");
                body.line("}");
            }
            body.line(target + " = (" + cType(type) + ") (" + tag + ");");
            return;
        }
        List<WitType> members = CanonicalLayout.members(resolved);
        if (members != null) {
            List<String> fields = GuestAbi.memberNames(resolved, CNames::ident);
            for (int i = 0; i < members.size(); i++) {
                liftFlat(members.get(i), flats, target + "." + fields.get(i), body);
            }
            return;
        }
        CanonicalLayout.Cases cases = CanonicalLayout.cases(resolved);
        List<ValueType> joined = CanonicalLayout.joinedPayload(cases);
        String tag = flats.poll().expression();
        List<Flat> slots = new ArrayList<>();
        for (int j = 0; j < joined.size(); j++) {
            slots.add(flats.poll());
        }
        body.line("switch (" + tag + ") {");
        for (int i = 0; i < cases.count(); i++) {
            body.line("  case " + i + ": {");
            body.indent++;
            body.line("  " + target + "." + tagAccessor(resolved) + " = " + i + ";");
            Optional<WitType> payload = cases.payloads().get(i);
            if (payload.isPresent()) {
                List<ValueType> wanted = CanonicalLayout.flatten(payload.get());
                Deque<Flat> inner = new ArrayDeque<>();
                for (int j = 0; j < wanted.size(); j++) {
                    inner.add(new Flat(narrow(slots.get(j), wanted.get(j)), wanted.get(j)));
                }
                liftFlat(payload.get(), inner, target + "." + payloadAccessor(resolved, cases, i), body);
            }
            body.indent--;
            body.line("    break;");
            body.line("  }");
        }
        body.line("  default:");
        body.line("    abort();");
        body.line("}");
    }

    /** Converts a payload's flat value to the variant's joined slot type. */
    private String widen(Flat value, ValueType slot) {
        ValueType from = value.type();
        String e = value.expression();
        if (from == slot) {
            return e;
        }
        return switch (from) {
            case I32 -> "(int64_t) (uint32_t) (" + e + ")";
            case F32 ->
                slot == ValueType.I32
                        ? bitcast("airssys_f32_to_i32") + "(" + e + ")"
                        : "(int64_t) (uint32_t) " + bitcast("airssys_f32_to_i32") + "(" + e + ")";
            case F64 -> bitcast("airssys_f64_to_i64") + "(" + e + ")";
            default -> throw new IllegalStateException(from + " -> " + slot);
        };
    }

    /** Converts a joined slot back to the flat type one case's payload has there. */
    private String narrow(Flat slot, ValueType wanted) {
        String e = slot.expression();
        if (slot.type() == wanted) {
            return e;
        }
        return switch (wanted) {
            case I32 -> "(int32_t) (" + e + ")";
            case F32 ->
                slot.type() == ValueType.I32
                        ? bitcast("airssys_i32_to_f32") + "(" + e + ")"
                        : bitcast("airssys_i32_to_f32") + "((int32_t) (" + e + "))";
            case F64 -> bitcast("airssys_i64_to_f64") + "(" + e + ")";
            default -> throw new IllegalStateException(slot.type() + " -> " + wanted);
        };
    }

    /** Names a bit-cast helper and remembers to define it. */
    private String bitcast(String helper) {
        bitcasts.add(helper);
        return helper;
    }

    /** Statements of one generated function, with its locals declared first. */
    private static final class Body {
        private final List<String> declarations = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();
        private int counter;
        private int indent;

        /** Declares a local; the double underscore keeps it apart from every name WIT can give a parameter. */
        String local(String cType, String hint) {
            String name = hint + "__" + counter++;
            declarations.add("  " + cType + " " + name + ";");
            return name;
        }

        String area(int size, int alignment, String hint) {
            String name = hint + "__" + counter++;
            declarations.add("  __attribute__((__aligned__(" + alignment + "))) uint8_t " + name + "["
                    + Math.max(size, 1) + "];");
            return name;
        }

        void line(String line) {
            lines.add("  ".repeat(indent + 1) + line);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            declarations.forEach(line -> out.append(line).append('\n'));
            lines.forEach(line -> out.append(line).append('\n'));
            return out.toString();
        }
    }

    // ---------------------------------------------------------------- files

    private String header() {
        String guard = "AIRSSYS_BINDINGS_" + worldSnake.toUpperCase(Locale.ROOT) + "_H";
        StringBuilder out = new StringBuilder();
        out.append("// Generated by airssys-wasm bindgen c for world ")
                .append(world.qualifiedName())
                .append(". Do not edit.\n");
        out.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
        out.append("#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
        out.append("#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n");
        if (usesStrings) {
            out.append("\ntypedef struct ")
                    .append(worldSnake)
                    .append("_string_t {\n  uint8_t *ptr;\n  size_t len;\n} ")
                    .append(worldSnake)
                    .append("_string_t;\n");
        }
        out.append(typeDefinitions);
        out.append(prototypes);
        out.append("\n// Helper functions\n");
        if (usesStrings) {
            String s = worldSnake + "_string";
            out.append("\n// Points `ret` at the NUL-terminated `s`, which it then owns (it must come from malloc).\n");
            out.append("void ").append(s).append("_set(").append(s).append("_t *ret, const char *s);\n");
            out.append("// Copies the NUL-terminated `s` into a new string owned by `ret`.\n");
            out.append("void ").append(s).append("_dup(").append(s).append("_t *ret, const char *s);\n");
            out.append("// Frees the string's bytes and empties it.\n");
            out.append("void ").append(s).append("_free(").append(s).append("_t *ret);\n");
        }
        out.append(helperPrototypes);
        out.append("\n#ifdef __cplusplus\n}\n#endif\n#endif\n");
        return out.toString();
    }

    private String source() {
        StringBuilder out = new StringBuilder();
        out.append("// Generated by airssys-wasm bindgen c for world ")
                .append(world.qualifiedName())
                .append(". Do not edit.\n");
        out.append("#include \"").append(worldSnake).append(".h\"\n#include <stdlib.h>\n#include <string.h>\n\n");
        out.append("""
                __attribute__((__weak__, __export_name__("cabi_realloc")))
                void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
                  (void) old_size;
                  if (new_size == 0) {
                    return (void *) align;
                  }
                  void *ret = realloc(ptr, new_size);
                  if (!ret) {
                    abort();
                  }
                  return ret;
                }
                """);
        bitcasts.forEach(helper -> out.append(BITCASTS.get(helper)));
        if (usesStrings) {
            String s = worldSnake + "_string";
            out.append("\nvoid ")
                    .append(s)
                    .append("_set(")
                    .append(s)
                    .append("_t *ret, const char *s) {\n")
                    .append("  ret->ptr = (uint8_t *) s;\n  ret->len = strlen(s);\n}\n");
            out.append("\nvoid ")
                    .append(s)
                    .append("_dup(")
                    .append(s)
                    .append("_t *ret, const char *s) {\n")
                    .append("  ret->len = strlen(s);\n  ret->ptr = (uint8_t *) cabi_realloc(NULL, 0, 1, ret->len);\n")
                    .append("  memcpy(ret->ptr, s, ret->len);\n}\n");
            out.append("\nvoid ")
                    .append(s)
                    .append("_free(")
                    .append(s)
                    .append("_t *ret) {\n")
                    .append(
                            "  if (ret->len > 0) {\n    free(ret->ptr);\n  }\n  ret->ptr = NULL;\n  ret->len = 0;\n}\n");
        }
        out.append(helpers);
        if (returnAreaSize > 0) {
            out.append("\n__attribute__((__aligned__(")
                    .append(returnAreaAlignment)
                    .append("))) static uint8_t RET_AREA[")
                    .append(returnAreaSize)
                    .append("];\n");
        }
        out.append(adapters);
        return out.toString();
    }
}
