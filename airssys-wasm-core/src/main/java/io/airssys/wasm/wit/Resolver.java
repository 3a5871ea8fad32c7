package io.airssys.wasm.wit;

import io.airssys.wasm.wit.TypeDefKind.AliasKind;
import io.airssys.wasm.wit.TypeDefKind.Case;
import io.airssys.wasm.wit.TypeDefKind.EnumKind;
import io.airssys.wasm.wit.TypeDefKind.Field;
import io.airssys.wasm.wit.TypeDefKind.FlagsKind;
import io.airssys.wasm.wit.TypeDefKind.RecordKind;
import io.airssys.wasm.wit.TypeDefKind.ResourceKind;
import io.airssys.wasm.wit.TypeDefKind.VariantKind;
import io.airssys.wasm.wit.WitType.HandleType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the syntax trees of a set of packages into resolved {@link WitPackage}s: binds every
 * name, follows {@code use} across interfaces, files and packages (in any order, refusing
 * cycles), checks the semantic rules of WIT and elaborates worlds.
 */
final class Resolver {

    static final int MAX_FLAGS = 32;
    /** Deepest nesting of types, named ones included, as the reference WIT tooling allows. */
    static final int MAX_TYPE_DEPTH = 100;
    /** Most imports and exports all worlds may have once elaborated, bounding what a small WIT can expand to. */
    static final int MAX_WORLD_ITEMS = 100_000;

    /** The syntax of one package, gathered from all its files. */
    record PackageSource(PackageName name, String docs, List<FileItem> items, Span span) {}

    /** An item with the file it came from, whose top-level {@code use ... as} aliases it sees. */
    record FileItem(Ast.Item item, FileScope file) {}

    static final class FileScope {
        final Map<String, Ast.TopUse> aliases = new HashMap<>();
    }

    private enum State {
        RESOLVING,
        DONE
    }

    private final Set<String> features;
    private final Map<String, PackageSource> sources = new LinkedHashMap<>();
    private final Map<String, WitPackage> packages = new LinkedHashMap<>();
    private final Map<String, Map<String, FileItem>> interfaceItems = new HashMap<>();
    private final Map<String, Map<String, FileItem>> worldItems = new HashMap<>();
    private final Map<String, State> states = new HashMap<>();
    private final Map<WitInterface, Set<WitInterface>> interfaceDependencies = new IdentityHashMap<>();
    private final Map<TypeDef, Integer> depths = new IdentityHashMap<>();
    private int worldItemCount;

    private Resolver(Set<String> features) {
        this.features = features;
    }

    static List<WitPackage> resolve(List<PackageSource> packageSources, Set<String> features) {
        return new Resolver(features).run(packageSources);
    }

    private List<WitPackage> run(List<PackageSource> packageSources) {
        for (PackageSource source : packageSources) {
            String key = source.name().toString();
            if (sources.containsKey(key)) {
                throw source.span().error("package " + key + " is defined more than once");
            }
            sources.put(key, source);
            packages.put(key, new WitPackage(source.name(), source.docs()));
            registerNames(source);
        }
        for (String item : resolutionOrder(packageSources)) {
            int slash = item.lastIndexOf('/');
            String packageKey = item.substring(item.indexOf(' ') + 1, slash);
            if (item.startsWith("interface ")) {
                resolveInterface(packageKey, item.substring(slash + 1));
            } else {
                resolveWorld(packageKey, item.substring(slash + 1));
            }
        }
        return List.copyOf(packages.values());
    }

    // ---------------------------------------------------------------- order

    /**
     * Every interface and world, each after everything it uses or includes, found without
     * recursion, so a chain of any length resolves with a shallow stack and a cycle is reported
     * at the item that closes it.
     */
    private List<String> resolutionOrder(List<PackageSource> packageSources) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (PackageSource source : packageSources) {
            String key = source.name().toString();
            interfaceItems
                    .get(key)
                    .forEach((name, item) -> edges.put(
                            interfaceKey(key, name),
                            interfaceEdges(((Ast.Interface) item.item()).members(), key, item.file())));
            worldItems
                    .get(key)
                    .forEach((name, item) ->
                            edges.put(worldKey(key, name), worldEdges((Ast.World) item.item(), key, item.file())));
        }
        List<String> order = new ArrayList<>(edges.size());
        Map<String, Integer> state = new HashMap<>(); // absent: new, 1: on the path, 2: done
        for (String root : edges.keySet()) {
            if (state.containsKey(root)) {
                continue;
            }
            ArrayDeque<String> path = new ArrayDeque<>();
            ArrayDeque<Integer> next = new ArrayDeque<>();
            path.push(root);
            next.push(0);
            state.put(root, 1);
            while (!path.isEmpty()) {
                String item = path.peek();
                int index = next.pop();
                List<String> out = edges.get(item);
                if (index < out.size()) {
                    next.push(index + 1);
                    String target = out.get(index);
                    Integer seen = state.get(target);
                    if (seen == null) {
                        state.put(target, 1);
                        path.push(target);
                        next.push(0);
                    } else if (seen == 1) {
                        throw cycle(target);
                    }
                } else {
                    path.pop();
                    state.put(item, 2);
                    order.add(item);
                }
            }
        }
        return order;
    }

    private WitParseException cycle(String item) {
        int slash = item.lastIndexOf('/');
        String packageKey = item.substring(item.indexOf(' ') + 1, slash);
        String name = item.substring(slash + 1);
        if (item.startsWith("interface ")) {
            Ast.Interface ast =
                    (Ast.Interface) interfaceItems.get(packageKey).get(name).item();
            return ast.span().error("interface '" + name + "' depends on itself through 'use'");
        }
        Ast.World ast = (Ast.World) worldItems.get(packageKey).get(name).item();
        return ast.span().error("world '" + name + "' includes itself");
    }

    /** The interfaces the members {@code use}. */
    private List<String> interfaceEdges(List<Ast.Member> members, String packageKey, FileScope file) {
        List<String> out = new ArrayList<>();
        for (Ast.Member member : members) {
            if (member instanceof Ast.Use use && active(use.gates())) {
                out.add(interfaceKeyOf(use.path(), packageKey, file));
            }
        }
        return out;
    }

    /** The interfaces a world uses, imports or exports and the worlds it includes. */
    private List<String> worldEdges(Ast.World world, String packageKey, FileScope file) {
        List<String> out = new ArrayList<>(interfaceEdges(world.members(), packageKey, file));
        for (Ast.Member member : world.members()) {
            if (!active(member.gates())) {
                continue;
            }
            Ast.ExternDecl decl = member instanceof Ast.Import imp
                    ? imp.decl()
                    : member instanceof Ast.Export exp ? exp.decl() : null;
            if (decl instanceof Ast.PathRef ref) {
                out.add(interfaceKeyOf(ref.path(), packageKey, file));
            } else if (decl instanceof Ast.InlineInterface inline) {
                out.addAll(interfaceEdges(inline.members(), packageKey, file));
            } else if (member instanceof Ast.Include include) {
                out.add(worldKeyOf(include.path(), packageKey, file));
            }
        }
        return out;
    }

    private static String interfaceKey(String packageKey, String name) {
        return "interface " + packageKey + "/" + name;
    }

    private static String worldKey(String packageKey, String name) {
        return "world " + packageKey + "/" + name;
    }

    private void registerNames(PackageSource source) {
        String key = source.name().toString();
        Map<String, FileItem> interfaces = new LinkedHashMap<>();
        Map<String, FileItem> worlds = new LinkedHashMap<>();
        Map<String, Span> seen = new HashMap<>();
        for (FileItem fileItem : source.items()) {
            if (fileItem.item() instanceof Ast.Interface i) {
                checkUnique(seen, i.name(), i.span(), "interface or world");
                if (active(i.gates())) {
                    interfaces.put(i.name(), fileItem);
                }
            } else if (fileItem.item() instanceof Ast.World w) {
                checkUnique(seen, w.name(), w.span(), "interface or world");
                if (active(w.gates())) {
                    worlds.put(w.name(), fileItem);
                }
            } else if (fileItem.item() instanceof Ast.TopUse u) {
                String alias = u.alias() != null ? u.alias() : lastName(u.path());
                if (fileItem.file().aliases.put(alias, u) != null) {
                    throw u.span().error("name '" + alias + "' is already used in this file");
                }
            }
        }
        interfaceItems.put(key, interfaces);
        worldItems.put(key, worlds);
    }

    // ---------------------------------------------------------------- interfaces

    private WitInterface resolveInterface(String packageKey, String name) {
        String stateKey = "interface " + packageKey + "/" + name;
        WitPackage pkg = packages.get(packageKey);
        State state = states.get(stateKey);
        if (state == State.DONE) {
            return pkg.mutableInterfaces().get(name);
        }
        FileItem fileItem = interfaceItems.get(packageKey).get(name);
        Ast.Interface ast = (Ast.Interface) fileItem.item();
        if (state == State.RESOLVING) {
            throw ast.span().error("interface '" + name + "' depends on itself through 'use'");
        }
        states.put(stateKey, State.RESOLVING);
        WitInterface result =
                new WitInterface(name, pkg.name(), ast.docs(), ast.gates().toStability());
        fillInterface(result, ast.members(), packageKey, fileItem.file());
        pkg.mutableInterfaces().put(name, result);
        states.put(stateKey, State.DONE);
        return result;
    }

    private void fillInterface(WitInterface target, List<Ast.Member> members, String packageKey, FileScope file) {
        Map<String, Span> names = new HashMap<>();
        Set<WitInterface> dependencies = new LinkedHashSet<>();
        Map<String, TypeDef> scope = target.mutableTypes();
        for (Ast.Member member : members) {
            if (member instanceof Ast.Use use && active(use.gates())) {
                WitInterface from = lookupInterface(use.path(), packageKey, file);
                dependencies.add(from);
                for (Ast.UseName useName : use.names()) {
                    TypeDef type = from.mutableTypes().get(useName.name());
                    if (type == null) {
                        throw useName.span()
                                .error("interface '" + from.qualifiedName() + "' has no type '" + useName.name() + "'");
                    }
                    checkUnique(names, useName.localName(), useName.span(), "name");
                    scope.put(useName.localName(), type);
                }
            }
        }
        List<Ast.TypeDecl> typeDecls = new ArrayList<>();
        for (Ast.Member member : members) {
            if (member instanceof Ast.TypeDecl decl && active(decl.gates())) {
                checkUnique(names, decl.name(), decl.span(), "name");
                scope.put(decl.name(), placeholder(decl, target.qualifiedName()));
                typeDecls.add(decl);
            }
        }
        defineTypes(typeDecls, scope);
        for (Ast.Member member : members) {
            if (member instanceof Ast.Func func && active(func.gates())) {
                checkUnique(names, func.name(), func.span(), "name");
                WitFunction function = function(func, func.name(), Optional.empty(), scope);
                target.mutableFunctions().put(function.name(), function);
            }
        }
        for (Ast.TypeDecl decl : typeDecls) {
            if (decl.body() instanceof Ast.ResourceBody body) {
                resourceFunctions(scope.get(decl.name()), body, scope, target.mutableFunctions());
            }
        }
        interfaceDependencies.put(target, dependencies);
    }

    private WitInterface lookupInterface(Ast.UsePath path, String packageKey, FileScope file) {
        String key = interfaceKeyOf(path, packageKey, file);
        int slash = key.lastIndexOf('/');
        return resolveInterface(key.substring("interface ".length(), slash), key.substring(slash + 1));
    }

    /** The key of the interface a path names, checked to exist, without resolving it. */
    private String interfaceKeyOf(Ast.UsePath path, String packageKey, FileScope file) {
        if (path instanceof Ast.LocalPath local) {
            Ast.TopUse alias = file.aliases.get(local.name());
            if (alias != null) {
                return interfaceKeyOf(alias.path(), packageKey, new FileScope());
            }
            if (!interfaceItems.get(packageKey).containsKey(local.name())) {
                throw local.span().error("interface '" + local.name() + "' is not defined in package " + packageKey);
            }
            return interfaceKey(packageKey, local.name());
        }
        Ast.ForeignPath foreign = (Ast.ForeignPath) path;
        String foreignKey = findPackage(foreign.packageName(), foreign.span());
        if (!interfaceItems.get(foreignKey).containsKey(foreign.interfaceName())) {
            throw foreign.span().error("package " + foreignKey + " has no interface '" + foreign.interfaceName() + "'");
        }
        return interfaceKey(foreignKey, foreign.interfaceName());
    }

    private String findPackage(PackageName wanted, Span span) {
        if (wanted.version().isPresent()) {
            if (sources.containsKey(wanted.toString())) {
                return wanted.toString();
            }
        } else {
            List<String> candidates = sources.keySet().stream()
                    .filter(k -> sources.get(k).name().unversioned().equals(wanted.unversioned()))
                    .toList();
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates.size() > 1) {
                throw span.error("package " + wanted + " is ambiguous: give one of the versions " + candidates);
            }
        }
        throw span.error(
                "package " + wanted + " is not defined (put it in a deps/ folder next to the WIT that uses it)");
    }

    // ---------------------------------------------------------------- types

    private TypeDef placeholder(Ast.TypeDecl decl, String owner) {
        TypeDef def = new TypeDef(decl.name(), owner, decl.docs(), decl.gates().toStability());
        if (decl.body() instanceof Ast.ResourceBody) {
            def.define(new ResourceKind());
        }
        return def;
    }

    private void defineTypes(List<Ast.TypeDecl> decls, Map<String, TypeDef> scope) {
        for (Ast.TypeDecl decl : decls) {
            TypeDef def = scope.get(decl.name());
            Ast.TypeBody body = decl.body();
            if (body instanceof Ast.AliasBody alias) {
                def.define(new AliasKind(type(alias.target(), scope)));
            } else if (body instanceof Ast.RecordBody record) {
                Map<String, Span> fieldNames = new HashMap<>();
                List<Field> fields = new ArrayList<>();
                for (Ast.Field field : record.fields()) {
                    checkUnique(fieldNames, field.name(), field.span(), "field");
                    fields.add(new Field(field.name(), type(field.type(), scope), field.docs()));
                }
                def.define(new RecordKind(fields));
            } else if (body instanceof Ast.VariantBody variant) {
                Map<String, Span> caseNames = new HashMap<>();
                List<Case> cases = new ArrayList<>();
                for (Ast.Case c : variant.cases()) {
                    checkUnique(caseNames, c.name(), c.span(), "case");
                    cases.add(new Case(c.name(), c.payload().map(p -> type(p, scope)), c.docs()));
                }
                def.define(new VariantKind(cases));
            } else if (body instanceof Ast.EnumBody enumBody) {
                def.define(new EnumKind(uniqueNames(enumBody.cases(), "case")));
            } else if (body instanceof Ast.FlagsBody flags) {
                if (flags.flags().size() > MAX_FLAGS) {
                    throw decl.span()
                            .error("flags '" + decl.name() + "' has "
                                    + flags.flags().size() + " flags; at most " + MAX_FLAGS + " are allowed");
                }
                def.define(new FlagsKind(uniqueNames(flags.flags(), "flag")));
            }
            // a resource was defined as such when its placeholder was made
        }
        for (Ast.TypeDecl decl : decls) {
            checkStructure(scope.get(decl.name()), decl.span());
        }
    }

    private static List<String> uniqueNames(List<Ast.Name> names, String what) {
        Map<String, Span> seen = new HashMap<>();
        List<String> result = new ArrayList<>();
        for (Ast.Name name : names) {
            checkUnique(seen, name.name(), name.span(), what);
            result.add(name.name());
        }
        return result;
    }

    /**
     * Refuses a type that contains itself or nests types more than {@value #MAX_TYPE_DEPTH}
     * deep (named types included), so every later walk over a type (layout, lifting, lowering,
     * Java mapping) is shallow. Iterative, and each definition is walked once: its depth is
     * remembered, so deep or widely shared types cost time linear in their definitions rather
     * than in their expansion.
     */
    private void checkStructure(WitType root, Span span) {
        Set<TypeDef> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> work = new ArrayDeque<>(); // a WitType to visit, or a TypeDef to finish
        work.push(root);
        while (!work.isEmpty()) {
            Object next = work.pop();
            if (next instanceof Finish finish) {
                onPath.remove(finish.def());
                // an alias adds no level: every walk follows aliases in a loop, not by recursion
                int step = finish.def().kind() instanceof AliasKind ? 0 : 1;
                int depth = 1;
                for (WitType child : WitTypes.children(finish.def())) {
                    depth = Math.max(depth, step + depthOf(child));
                }
                if (depth > MAX_TYPE_DEPTH) {
                    throw span.error("type '" + finish.def().name() + "' nests types " + depth + " deep; at most "
                            + MAX_TYPE_DEPTH + " levels are allowed");
                }
                depths.put(finish.def(), depth);
                continue;
            }
            WitType type = (WitType) next;
            if (type instanceof HandleType) {
                continue;
            }
            if (type instanceof TypeDef def) {
                if (depths.containsKey(def)) {
                    continue;
                }
                if (!onPath.add(def)) {
                    throw span.error("type '" + def.name() + "' refers to itself; recursive types are not allowed");
                }
                work.push(new Finish(def));
            }
            for (WitType child : WitTypes.children(type)) {
                work.push(child);
            }
        }
    }

    /** Depth of a type whose named parts are all measured; structural nesting is bounded by the parser. */
    private int depthOf(WitType type) {
        if (type instanceof TypeDef def) {
            return depths.getOrDefault(def, 1);
        }
        int depth = 1;
        for (WitType child : WitTypes.children(type)) {
            depth = Math.max(depth, 1 + depthOf(child));
        }
        return depth;
    }

    /** Marks the end of a definition's walk in {@link #checkStructure}. */
    private record Finish(TypeDef def) {}

    private WitType type(Ast.TypeExpr expr, Map<String, TypeDef> scope) {
        if (expr instanceof Ast.Primitive p) {
            return p.type();
        }
        if (expr instanceof Ast.Named named) {
            TypeDef def = lookupType(named.name(), named.span(), scope);
            return def.kind() instanceof ResourceKind ? new HandleType(def, false) : def;
        }
        if (expr instanceof Ast.ListOf list) {
            return new WitType.ListType(type(list.element(), scope));
        }
        if (expr instanceof Ast.OptionOf option) {
            return new WitType.OptionType(type(option.element(), scope));
        }
        if (expr instanceof Ast.ResultOf result) {
            return new WitType.ResultType(
                    result.ok().map(t -> type(t, scope)), result.err().map(t -> type(t, scope)));
        }
        if (expr instanceof Ast.TupleOf tuple) {
            return new WitType.TupleType(
                    tuple.elements().stream().map(t -> type(t, scope)).toList());
        }
        if (expr instanceof Ast.Handle handle) {
            return new HandleType(resource(handle.resource(), handle.span(), scope), handle.borrowed());
        }
        if (expr instanceof Ast.FutureOf future) {
            return new WitType.FutureType(future.element().map(t -> type(t, scope)));
        }
        if (expr instanceof Ast.StreamOf stream) {
            return new WitType.StreamType(stream.element().map(t -> type(t, scope)));
        }
        return new WitType.ErrorContextType();
    }

    private static TypeDef lookupType(String name, Span span, Map<String, TypeDef> scope) {
        TypeDef def = scope.get(name);
        if (def == null) {
            throw span.error("type '" + name + "' is not defined");
        }
        return def;
    }

    private static TypeDef resource(String name, Span span, Map<String, TypeDef> scope) {
        TypeDef def = lookupType(name, span, scope);
        if (def.kind() instanceof ResourceKind) {
            return def;
        }
        if (def.kind() instanceof AliasKind) {
            WitType target = def.unaliasedOrNull();
            if (target == null) {
                throw span.error("type '" + name + "' is an alias of itself; recursive types are not allowed");
            }
            if (target instanceof HandleType handle) {
                return handle.resource();
            }
        }
        throw span.error("'" + name + "' is not a resource, so it cannot be used as a handle");
    }

    // ---------------------------------------------------------------- functions

    private WitFunction function(Ast.Func func, String name, Optional<TypeDef> resource, Map<String, TypeDef> scope) {
        Ast.Signature signature = func.signature();
        List<WitFunction.Param> params = new ArrayList<>();
        Map<String, Span> paramNames = new HashMap<>();
        if (func.kind() == FunctionKind.METHOD) {
            params.add(new WitFunction.Param("self", new HandleType(resource.orElseThrow(), true)));
            paramNames.put("self", func.span());
        }
        for (Ast.Param param : signature.params()) {
            checkUnique(paramNames, param.name(), param.span(), "parameter");
            params.add(new WitFunction.Param(param.name(), type(param.type(), scope)));
        }
        Optional<WitType> result = signature.result().map(t -> type(t, scope));
        if (result.isPresent() && containsBorrow(result.get(), new HashSet<>())) {
            throw signature
                    .span()
                    .error("function '" + func.name() + "' returns a borrowed handle; "
                            + "borrow<...> is allowed only in parameters");
        }
        if (func.kind() == FunctionKind.CONSTRUCTOR
                && result.isPresent()
                && !constructorResultIsValid(result.get(), resource.orElseThrow())) {
            throw signature
                    .span()
                    .error("a constructor may only return result<"
                            + resource.get().name() + ", E>");
        }
        if (func.kind() == FunctionKind.CONSTRUCTOR && result.isEmpty()) {
            result = Optional.of(new HandleType(resource.orElseThrow(), false)); // a constructor returns own<R>
        }
        return new WitFunction(
                name,
                func.kind(),
                resource,
                params,
                result,
                signature.async(),
                func.docs(),
                func.gates().toStability());
    }

    private static boolean constructorResultIsValid(WitType result, TypeDef resource) {
        return result instanceof WitType.ResultType r
                && r.ok().isPresent()
                && r.ok().get() instanceof HandleType h
                && h.resource() == resource
                && !h.borrowed();
    }

    private void resourceFunctions(
            TypeDef resource, Ast.ResourceBody body, Map<String, TypeDef> scope, Map<String, WitFunction> functions) {
        Map<String, Span> names = new HashMap<>();
        for (Ast.Func func : body.functions()) {
            if (!active(func.gates())) {
                continue;
            }
            String name = switch (func.kind()) {
                case CONSTRUCTOR -> "[constructor]" + resource.name();
                case METHOD -> "[method]" + resource.name() + "." + func.name();
                default -> "[static]" + resource.name() + "." + func.name();
            };
            checkUnique(
                    names,
                    func.kind() == FunctionKind.CONSTRUCTOR ? "constructor" : func.name(),
                    func.span(),
                    "resource function");
            functions.put(name, function(func, name, Optional.of(resource), scope));
        }
    }

    private static boolean containsBorrow(WitType type, Set<TypeDef> visited) {
        if (type instanceof HandleType handle) {
            return handle.borrowed();
        }
        if (type instanceof TypeDef def && !visited.add(def)) {
            return false;
        }
        return WitTypes.children(type).stream().anyMatch(child -> containsBorrow(child, visited));
    }

    // ---------------------------------------------------------------- worlds

    private WitWorld resolveWorld(String packageKey, String name) {
        String stateKey = "world " + packageKey + "/" + name;
        WitPackage pkg = packages.get(packageKey);
        State state = states.get(stateKey);
        if (state == State.DONE) {
            return pkg.mutableWorlds().get(name);
        }
        FileItem fileItem = worldItems.get(packageKey).get(name);
        Ast.World ast = (Ast.World) fileItem.item();
        if (state == State.RESOLVING) {
            throw ast.span().error("world '" + name + "' includes itself");
        }
        states.put(stateKey, State.RESOLVING);
        WitWorld world = new WitWorld(name, pkg.name(), ast.docs(), ast.gates().toStability());
        fillWorld(world, ast, packageKey, fileItem.file());
        worldItemCount += world.imports().size() + world.exports().size();
        if (worldItemCount > MAX_WORLD_ITEMS) {
            throw ast.span()
                    .error("the worlds elaborate to more than " + MAX_WORLD_ITEMS
                            + " imports and exports in all (world '" + name + "' has "
                            + world.imports().size()
                            + " imports with everything they use)");
        }
        pkg.mutableWorlds().put(name, world);
        states.put(stateKey, State.DONE);
        return world;
    }

    private void fillWorld(WitWorld world, Ast.World ast, String packageKey, FileScope file) {
        WitInterface worldScope = new WitInterface(world.name(), world.packageName(), "", Stability.UNKNOWN);
        List<Ast.Member> typeMembers = ast.members().stream()
                .filter(m -> m instanceof Ast.Use || m instanceof Ast.TypeDecl)
                .toList();
        fillInterface(worldScope, typeMembers, packageKey, file);
        Map<String, TypeDef> scope = worldScope.mutableTypes();
        Map<String, WorldItem> imports = world.mutableImports();
        Map<String, WorldItem> exports = world.mutableExports();
        for (WitInterface dependency : closure(worldScope)) {
            imports.putIfAbsent(dependency.qualifiedName(), new WorldItem.InterfaceItem(dependency));
        }
        scope.forEach((typeName, def) -> imports.put(typeName, new WorldItem.TypeItem(def)));
        // a resource declared in the world brings its constructor, methods and statics, imported
        // by their canonical names ([constructor]r, [method]r.m, [static]r.f)
        worldScope.functions().forEach((name, function) -> imports.put(name, new WorldItem.FunctionItem(function)));

        for (Ast.Member member : ast.members()) {
            if (!active(member.gates())) {
                continue;
            }
            if (member instanceof Ast.Import imp) {
                addExtern(imports, imp.name(), imp.decl(), imp.span(), true, packageKey, file, scope, world);
            } else if (member instanceof Ast.Export exp) {
                addExtern(exports, exp.name(), exp.decl(), exp.span(), false, packageKey, file, scope, world);
            } else if (member instanceof Ast.Include include) {
                include(world, include, packageKey, file);
            }
        }
        for (WorldItem item : List.copyOf(exports.values())) {
            if (item instanceof WorldItem.InterfaceItem exported) {
                for (WitInterface dependency : closure(exported.value())) {
                    if (!exports.containsKey(dependency.qualifiedName())) {
                        imports.putIfAbsent(dependency.qualifiedName(), new WorldItem.InterfaceItem(dependency));
                    }
                }
            }
        }
    }

    private void addExtern(
            Map<String, WorldItem> items,
            String name,
            Ast.ExternDecl decl,
            Span span,
            boolean isImport,
            String packageKey,
            FileScope file,
            Map<String, TypeDef> scope,
            WitWorld world) {
        String key;
        WorldItem item;
        if (decl instanceof Ast.PathRef ref) {
            WitInterface iface = lookupInterface(ref.path(), packageKey, file);
            key = iface.qualifiedName();
            item = new WorldItem.InterfaceItem(iface);
        } else if (decl instanceof Ast.FuncDecl funcDecl) {
            key = name;
            Ast.Func func =
                    new Ast.Func(name, "", Ast.Gates.NONE, FunctionKind.FREESTANDING, funcDecl.signature(), span);
            item = new WorldItem.FunctionItem(function(func, name, Optional.empty(), scope));
        } else {
            key = name;
            WitInterface iface = new WitInterface(name, world.packageName(), "", Stability.UNKNOWN);
            fillInterface(iface, ((Ast.InlineInterface) decl).members(), packageKey, file);
            item = new WorldItem.InterfaceItem(iface);
        }
        if (isImport && item instanceof WorldItem.InterfaceItem imported) {
            for (WitInterface dependency : closure(imported.value())) {
                world.mutableImports().putIfAbsent(dependency.qualifiedName(), new WorldItem.InterfaceItem(dependency));
            }
        }
        WorldItem existing = items.get(key);
        boolean implicitlyImportedBefore = isImport
                && existing instanceof WorldItem.InterfaceItem a
                && item instanceof WorldItem.InterfaceItem b
                && a.value() == b.value();
        if (existing != null && !implicitlyImportedBefore) {
            throw span.error((isImport ? "import" : "export") + " '" + key + "' is declared more than once in world '"
                    + world.name() + "'");
        }
        items.put(key, item);
    }

    private void include(WitWorld world, Ast.Include include, String packageKey, FileScope file) {
        WitWorld included = lookupWorld(include.path(), packageKey, file);
        Map<String, String> renames = new HashMap<>();
        for (Ast.UseName rename : include.renames()) {
            renames.put(rename.name(), rename.alias());
        }
        merge(world.mutableImports(), included.imports(), renames, include.span(), "import", world);
        merge(world.mutableExports(), included.exports(), renames, include.span(), "export", world);
    }

    private static void merge(
            Map<String, WorldItem> into,
            Map<String, WorldItem> from,
            Map<String, String> renames,
            Span span,
            String what,
            WitWorld world) {
        for (Map.Entry<String, WorldItem> entry : from.entrySet()) {
            String key = renames.getOrDefault(entry.getKey(), entry.getKey());
            WorldItem existing = into.get(key);
            if (existing == null) {
                into.put(key, entry.getValue());
            } else if (!(existing instanceof WorldItem.InterfaceItem a
                    && entry.getValue() instanceof WorldItem.InterfaceItem b
                    && a.value() == b.value())) {
                throw span.error("including it would " + what + " '" + key + "' twice in world '" + world.name()
                        + "'; rename it with 'include ... with { " + key + " as new-name }'");
            }
        }
    }

    private WitWorld lookupWorld(Ast.UsePath path, String packageKey, FileScope file) {
        String key = worldKeyOf(path, packageKey, file);
        int slash = key.lastIndexOf('/');
        return resolveWorld(key.substring("world ".length(), slash), key.substring(slash + 1));
    }

    /** The key of the world a path names, checked to exist, without resolving it. */
    private String worldKeyOf(Ast.UsePath path, String packageKey, FileScope file) {
        if (path instanceof Ast.LocalPath local) {
            Ast.TopUse alias = file.aliases.get(local.name());
            if (alias != null) {
                return worldKeyOf(alias.path(), packageKey, new FileScope());
            }
            if (!worldItems.get(packageKey).containsKey(local.name())) {
                throw local.span().error("world '" + local.name() + "' is not defined in package " + packageKey);
            }
            return worldKey(packageKey, local.name());
        }
        Ast.ForeignPath foreign = (Ast.ForeignPath) path;
        String foreignKey = findPackage(foreign.packageName(), foreign.span());
        if (!worldItems.get(foreignKey).containsKey(foreign.interfaceName())) {
            throw foreign.span().error("package " + foreignKey + " has no world '" + foreign.interfaceName() + "'");
        }
        return worldKey(foreignKey, foreign.interfaceName());
    }

    /**
     * Every interface {@code start} uses, directly or through others, each once, in the order a
     * depth-first walk meets them; iterative, so long chains cost no stack.
     */
    private Set<WitInterface> closure(WitInterface start) {
        Set<WitInterface> seen = new LinkedHashSet<>();
        ArrayDeque<WitInterface> pending = new ArrayDeque<>();
        List<WitInterface> direct = new ArrayList<>(interfaceDependencies.getOrDefault(start, Set.of()));
        for (int i = direct.size() - 1; i >= 0; i--) {
            pending.push(direct.get(i));
        }
        while (!pending.isEmpty()) {
            WitInterface next = pending.pop();
            if (seen.add(next)) {
                List<WitInterface> more = new ArrayList<>(interfaceDependencies.getOrDefault(next, Set.of()));
                for (int i = more.size() - 1; i >= 0; i--) {
                    pending.push(more.get(i));
                }
            }
        }
        return seen;
    }

    // ---------------------------------------------------------------- helpers

    private boolean active(Ast.Gates gates) {
        return gates.unstableFeature().map(features::contains).orElse(true);
    }

    private static void checkUnique(Map<String, Span> seen, String name, Span span, String what) {
        Span previous = seen.putIfAbsent(name, span);
        if (previous != null) {
            throw span.error(
                    what + " '" + name + "' is defined more than once (first at line " + previous.line() + ")");
        }
    }

    private static String lastName(Ast.UsePath path) {
        return path instanceof Ast.LocalPath local ? local.name() : ((Ast.ForeignPath) path).interfaceName();
    }
}
