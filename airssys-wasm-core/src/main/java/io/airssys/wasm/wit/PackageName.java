package io.airssys.wasm.wit;

import java.util.Optional;

/** A WIT package name, {@code namespace:name@version}, the version optional. */
public record PackageName(String namespace, String name, Optional<String> version) {

    /** {@code ns:name} without the version. */
    public String unversioned() {
        return namespace + ":" + name;
    }

    /** The fully qualified name of an interface of this package: {@code ns:name/iface@version}. */
    public String interfaceName(String interfaceName) {
        return unversioned() + "/" + interfaceName + version.map(v -> "@" + v).orElse("");
    }

    @Override
    public String toString() {
        return unversioned() + version.map(v -> "@" + v).orElse("");
    }
}
