package io.airssys.wasm.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An interface: named types and functions. Inline interfaces of a world have no package-level name. */
public final class WitInterface {

    private final String name;
    private final PackageName packageName;
    private final String docs;
    private final Stability stability;
    private final Map<String, TypeDef> types = new LinkedHashMap<>();
    private final Map<String, WitFunction> functions = new LinkedHashMap<>();

    WitInterface(String name, PackageName packageName, String docs, Stability stability) {
        this.name = name;
        this.packageName = packageName;
        this.docs = docs;
        this.stability = stability;
    }

    public String name() {
        return name;
    }

    public PackageName packageName() {
        return packageName;
    }

    /** {@code ns:pkg/name@version}, the prefix of its export names. */
    public String qualifiedName() {
        return packageName.interfaceName(name);
    }

    public String docs() {
        return docs;
    }

    public Stability stability() {
        return stability;
    }

    /** Types visible in the interface, defined or brought in by {@code use}, in order. */
    public Map<String, TypeDef> types() {
        return Collections.unmodifiableMap(types);
    }

    public Map<String, WitFunction> functions() {
        return Collections.unmodifiableMap(functions);
    }

    public Optional<WitFunction> function(String functionName) {
        return Optional.ofNullable(functions.get(functionName));
    }

    public Optional<TypeDef> type(String typeName) {
        return Optional.ofNullable(types.get(typeName));
    }

    Map<String, TypeDef> mutableTypes() {
        return types;
    }

    Map<String, WitFunction> mutableFunctions() {
        return functions;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
