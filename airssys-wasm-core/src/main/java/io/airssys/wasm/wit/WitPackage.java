package io.airssys.wasm.wit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A resolved WIT package: its interfaces and worlds by name. */
public final class WitPackage {

    private final PackageName name;
    private final String docs;
    private final Map<String, WitInterface> interfaces = new LinkedHashMap<>();
    private final Map<String, WitWorld> worlds = new LinkedHashMap<>();

    WitPackage(PackageName name, String docs) {
        this.name = name;
        this.docs = docs;
    }

    public PackageName name() {
        return name;
    }

    public String docs() {
        return docs;
    }

    public Map<String, WitInterface> interfaces() {
        return Collections.unmodifiableMap(interfaces);
    }

    public Map<String, WitWorld> worlds() {
        return Collections.unmodifiableMap(worlds);
    }

    Map<String, WitInterface> mutableInterfaces() {
        return interfaces;
    }

    Map<String, WitWorld> mutableWorlds() {
        return worlds;
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
