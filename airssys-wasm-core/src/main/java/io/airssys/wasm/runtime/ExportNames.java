package io.airssys.wasm.runtime;

import io.airssys.wasm.abi.JavaMapping;
import io.airssys.wasm.engine.MissingExportException;
import io.airssys.wasm.wit.FunctionKind;
import io.airssys.wasm.wit.WitFunction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the names callers use mean among one version's exports: a canonical name, a world-level
 * name, a function name only one exported interface defines, or a Java method name in kebab case
 * ({@code new-counter} for {@code [constructor]counter}, {@code counter-parse} for
 * {@code [static]counter.parse}), optionally after {@code ns:pkg/iface@v#}. A version's exports
 * never change, so each name is worked out once: calls by name (proxies among them) would
 * otherwise search the exports at every call. Only names that resolve are kept, so their number
 * is bounded by the exports.
 */
final class ExportNames {

    /** An export a name resolved to, with its WIT function. */
    record Resolved(ComponentVersion version, String exportName, WitFunction function) {}

    private final ComponentVersion version;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

    ExportNames(ComponentVersion version) {
        this.version = version;
    }

    /**
     * @throws MissingExportException   if the version exports no such function
     * @throws IllegalArgumentException if the name could mean more than one export
     */
    Resolved resolve(String name) {
        Resolved known = resolved.get(name);
        if (known != null) {
            return known;
        }
        Resolved found = search(name);
        resolved.put(name, found);
        return found;
    }

    private Resolved search(String name) {
        Optional<WitFunction> direct = version.exports(name) ? version.witFunction(name) : Optional.empty();
        if (direct.isPresent()) {
            return new Resolved(version, name, direct.get());
        }
        List<String> matches = version.exports().stream()
                .filter(export ->
                        export.equals(name) || export.endsWith("#" + name) || namesResourceFunction(export, name))
                .filter(export -> version.witFunction(export).isPresent())
                .sorted()
                .toList();
        Optional<String> exact = matches.stream().filter(name::equals).findFirst();
        if (exact.isEmpty() && matches.size() > 1) {
            throw new IllegalArgumentException(version.label() + ": '" + name + "' is ambiguous; it could be any of "
                    + matches + ", so give the canonical name");
        }
        String export = exact.or(() -> matches.stream().findFirst())
                .orElseThrow(() -> new MissingExportException(
                        version.label(),
                        name,
                        version.exports().stream()
                                .filter(e -> version.witFunction(e).isPresent())
                                .toList()));
        return new Resolved(version, export, version.witFunction(export).orElseThrow());
    }

    /** Whether {@code name} is the kebab-case Java name of the resource constructor or static {@code export}. */
    private boolean namesResourceFunction(String export, String name) {
        int hash = name.lastIndexOf('#');
        if (hash >= 0 && !export.startsWith(name.substring(0, hash + 1))) {
            return false;
        }
        String local = name.substring(hash + 1);
        return version.witFunction(export)
                .filter(f -> f.kind() == FunctionKind.CONSTRUCTOR || f.kind() == FunctionKind.STATIC)
                .filter(f -> JavaMapping.kebab(JavaMapping.methodName(f)).equals(local))
                .isPresent();
    }
}
