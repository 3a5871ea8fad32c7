package io.airssys.wasm.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A world: what a component imports and exports. Interfaces are keyed by their qualified name
 * ({@code ns:pkg/iface@v}) when referred to by path, by their plain name when named inline.
 * Interfaces that an item depends on through {@code use} are imported implicitly, as the
 * component model elaborates worlds.
 */
public final class WitWorld {

    private final String name;
    private final PackageName packageName;
    private final String docs;
    private final Stability stability;
    private final Map<String, WorldItem> imports = new LinkedHashMap<>();
    private final Map<String, WorldItem> exports = new LinkedHashMap<>();

    WitWorld(String name, PackageName packageName, String docs, Stability stability) {
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

    public String qualifiedName() {
        return packageName.interfaceName(name);
    }

    public String docs() {
        return docs;
    }

    public Stability stability() {
        return stability;
    }

    public Map<String, WorldItem> imports() {
        return Collections.unmodifiableMap(imports);
    }

    public Map<String, WorldItem> exports() {
        return Collections.unmodifiableMap(exports);
    }

    Map<String, WorldItem> mutableImports() {
        return imports;
    }

    Map<String, WorldItem> mutableExports() {
        return exports;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
