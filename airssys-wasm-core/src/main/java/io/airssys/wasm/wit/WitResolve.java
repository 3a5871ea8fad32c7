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
                .filter(p -> p.name().toString().equals(name)
                        || p.name().unversioned().equals(name))
                .findFirst();
    }

    /** An interface by its qualified name, {@code ns:pkg/iface} with or without {@code @version}. */
    public Optional<WitInterface> findInterface(String qualifiedName) {
        return find(qualifiedName)
                .flatMap(item -> Optional.ofNullable(item.pkg().interfaces().get(item.name())));
    }

    /** A world of the main package by name, or any world by {@code ns:pkg/world@version}. */
    public Optional<WitWorld> findWorld(String name) {
        return find(name)
                .flatMap(item -> Optional.ofNullable(item.pkg().worlds().get(item.name())));
    }

    private record PackageItem(WitPackage pkg, String name) {}

    /** Splits {@code ns:pkg/item@version} (or a bare item of the main package) into package and item name. */
    private Optional<PackageItem> find(String qualifiedName) {
        int slash = qualifiedName.indexOf('/');
        if (slash < 0) {
            return Optional.of(new PackageItem(mainPackage, qualifiedName));
        }
        int at = qualifiedName.indexOf('@', slash);
        String packagePart = qualifiedName.substring(0, slash) + (at < 0 ? "" : qualifiedName.substring(at));
        String itemName = at < 0 ? qualifiedName.substring(slash + 1) : qualifiedName.substring(slash + 1, at);
        return findPackage(packagePart).map(p -> new PackageItem(p, itemName));
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
