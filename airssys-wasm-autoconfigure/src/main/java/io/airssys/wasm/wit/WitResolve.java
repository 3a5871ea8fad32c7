package io.airssys.wasm.wit;

import java.util.List;
import java.util.Optional;

/** The result of parsing: the main package and every package it was resolved with. */
public final class WitResolve {

    private final List<WitPackage> packages;
    private final WitPackage mainPackage;

    WitResolve(List<WitPackage> packages, WitPackage mainPackage) {
        this.packages = List.copyOf(packages);
        this.mainPackage = mainPackage;
    }

    /** The package of the file or directory that was parsed. */
    public WitPackage mainPackage() {
        return mainPackage;
    }

    /** All packages, dependencies first. */
    public List<WitPackage> packages() {
        return packages;
    }

    /** A package by {@code ns:name} or {@code ns:name@version}. */
    public Optional<WitPackage> findPackage(String name) {
        return packages.stream()
                .filter(p -> p.name().toString().equals(name) || p.name().unversioned().equals(name))
                .findFirst();
    }

    /** An interface by its qualified name, {@code ns:pkg/iface} with or without {@code @version}. */
    public Optional<WitInterface> findInterface(String qualifiedName) {
        int slash = qualifiedName.indexOf('/');
        if (slash < 0) {
            return Optional.ofNullable(mainPackage.interfaces().get(qualifiedName));
        }
        int at = qualifiedName.indexOf('@', slash);
        String packagePart = qualifiedName.substring(0, slash) + (at < 0 ? "" : qualifiedName.substring(at));
        String interfaceName = at < 0 ? qualifiedName.substring(slash + 1) : qualifiedName.substring(slash + 1, at);
        return findPackage(packagePart).map(p -> p.interfaces().get(interfaceName));
    }

    /** A world of the main package by name, or any world by {@code ns:pkg/world@version}. */
    public Optional<WitWorld> findWorld(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return Optional.ofNullable(mainPackage.worlds().get(name));
        }
        int at = name.indexOf('@', slash);
        String packagePart = name.substring(0, slash) + (at < 0 ? "" : name.substring(at));
        String worldName = at < 0 ? name.substring(slash + 1) : name.substring(slash + 1, at);
        return findPackage(packagePart).map(p -> p.worlds().get(worldName));
    }

    /**
     * A function by its export name as the canonical ABI spells it:
     * {@code ns:pkg/iface@version#function}.
     */
    public Optional<WitFunction> findFunction(String exportName) {
        int hash = exportName.lastIndexOf('#');
        if (hash < 0) {
            return Optional.empty();
        }
        return findInterface(exportName.substring(0, hash)).flatMap(i -> i.function(exportName.substring(hash + 1)));
    }
}
