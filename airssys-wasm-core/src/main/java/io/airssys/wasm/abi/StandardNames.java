package io.airssys.wasm.abi;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.binary.NameRewriter;
import io.airssys.wasm.engine.WasmLinkException;
import io.airssys.wasm.wit.WitPackage;
import io.airssys.wasm.wit.WitResolve;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads modules built to the Component Model's {@code wasm32} core build target, whose imports
 * and exports carry the {@code cm32p2} prefix ({@code cm32p2|ns:pkg/iface@1|fn},
 * {@code cm32p2_realloc}, ...), by renaming them to the canonical ABI names the rest of the
 * runtime uses ({@code ns:pkg/iface@1.0.0#fn}, {@code cabi_realloc}, ...). The build target
 * shortens interface versions ({@code 1.2.3} to {@code 1}, {@code 0.2.1} to {@code 0.2}), so
 * each shortened name is matched against the interfaces the WIT defines; the newest matching
 * version wins, as semver compatibility allows.
 */
public final class StandardNames {

    /** The prefix of every name of the {@code wasm32} build target. */
    public static final String PREFIX = "cm32p2";

    private static final String EXPORTED_RESOURCE_MODULE = "_ex_";

    private StandardNames() {}

    /**
     * Returns {@code module} with every {@code cm32p2} name renamed; {@code module} itself if it
     * has none. {@code wit} supplies the interfaces names are matched against (the component's
     * own WIT and the host's) and is asked only when a standard name is present.
     *
     * @throws WasmLinkException naming every standard name that matches no interface or is malformed
     */
    public static byte[] toLegacy(String label, byte[] module, Supplier<List<WitResolve>> wit) {
        Renaming renaming = new Renaming(wit);
        byte[] renamed = NameRewriter.rename(module, renaming);
        if (!renaming.problems.isEmpty()) {
            throw new WasmLinkException(label, List.copyOf(renaming.problems));
        }
        return renamed;
    }

    /**
     * The build target's short form of an interface name: the version cut to its major number,
     * or to {@code 0.minor}, or kept whole for {@code 0.0.patch} and pre-releases; build metadata
     * is dropped.
     */
    public static String canonicalInterfaceName(String interfaceName) {
        int at = interfaceName.indexOf('@');
        if (at < 0) {
            return interfaceName;
        }
        SemanticVersion version;
        try {
            version = SemanticVersion.parse(interfaceName.substring(at + 1));
        } catch (IllegalArgumentException e) {
            return interfaceName;
        }
        String base = interfaceName.substring(0, at + 1);
        if (!version.preRelease().isEmpty()) {
            return base + version.major() + "." + version.minor() + "." + version.patch() + "-"
                    + String.join(".", version.preRelease());
        }
        if (version.major() == 0 && version.minor() == 0) {
            return base + "0.0." + version.patch();
        }
        if (version.major() == 0) {
            return base + "0." + version.minor();
        }
        return base + version.major();
    }

    private static final class Renaming implements NameRewriter.Renaming {

        private final Supplier<List<WitResolve>> wit;
        private final Set<String> problems = new LinkedHashSet<>();
        private final Map<String, String> exported = new HashMap<>();
        private Map<String, String> interfaces;

        Renaming(Supplier<List<WitResolve>> wit) {
            this.wit = wit;
        }

        @Override
        public String exportName(String name) {
            String renamed = renamedExport(name);
            String before = exported.putIfAbsent(renamed, name);
            if (before != null) {
                problems.add("it exports both " + before + " and " + name + ", which name the same thing");
            }
            return renamed;
        }

        private String renamedExport(String name) {
            if (!name.startsWith(PREFIX)) {
                return name;
            }
            String rest = name.substring(PREFIX.length());
            switch (rest) {
                case "_memory":
                    return "memory";
                case "_realloc":
                    return InstanceGuest.REALLOC;
                case "_initialize":
                    return "_initialize";
                default:
                    break;
            }
            int second = rest.indexOf('|', 1);
            if (!rest.startsWith("|") || second < 0) {
                problems.add("export " + name + " is not a name of the " + PREFIX + " build target");
                return name;
            }
            String iface = rest.substring(1, second);
            String function = rest.substring(second + 1);
            String post = "";
            if (function.endsWith("_post")) {
                post = TypedInvoker.POST_RETURN_PREFIX;
                function = function.substring(0, function.length() - "_post".length());
            } else if (function.endsWith("_dtor")) {
                function = "[dtor]" + function.substring(0, function.length() - "_dtor".length());
            }
            if (iface.isEmpty()) {
                return post + function;
            }
            return post + fullName(iface, "export " + name) + "#" + function;
        }

        @Override
        public String importModule(String module, String name) {
            if (module.equals(PREFIX)) {
                return WitHostFunctions.ROOT_MODULE;
            }
            if (!module.startsWith(PREFIX + "|")) {
                return module;
            }
            String iface = module.substring(PREFIX.length() + 1);
            if (iface.startsWith(EXPORTED_RESOURCE_MODULE)) {
                return "[export]"
                        + fullName(iface.substring(EXPORTED_RESOURCE_MODULE.length()), "import " + module + " " + name);
            }
            return fullName(iface, "import " + module + " " + name);
        }

        @Override
        public String importName(String module, String name) {
            if (!module.startsWith(PREFIX + "|")) {
                return name;
            }
            for (String intrinsic : List.of("drop", "new", "rep")) {
                String suffix = "_" + intrinsic;
                if (name.endsWith(suffix) && !name.startsWith("[")) {
                    return "[resource-" + intrinsic + "]" + name.substring(0, name.length() - suffix.length());
                }
            }
            return name;
        }

        /** The full interface name a short one stands for; a plain name (an inline interface) as it is. */
        private String fullName(String shortName, String where) {
            if (!shortName.contains(":")) {
                return shortName;
            }
            String full = interfaces().get(shortName);
            if (full == null) {
                problems.add(where + " names interface " + shortName
                        + ", which neither the component's WIT nor the host defines");
                return shortName;
            }
            return full;
        }

        private Map<String, String> interfaces() {
            if (interfaces == null) {
                Map<String, SemanticVersion> versions = new HashMap<>();
                interfaces = new HashMap<>();
                for (WitResolve resolve : wit.get()) {
                    for (WitPackage pkg : resolve.packages()) {
                        SemanticVersion version = pkg.name()
                                .version()
                                .map(StandardNames::versionOrNull)
                                .orElse(null);
                        for (String iface : pkg.interfaces().keySet()) {
                            String full = pkg.name().interfaceName(iface);
                            String shortName = canonicalInterfaceName(full);
                            SemanticVersion known = versions.get(shortName);
                            if (!interfaces.containsKey(shortName)
                                    || (version != null && known != null && version.compareTo(known) > 0)) {
                                interfaces.put(shortName, full);
                                versions.put(shortName, version);
                            }
                        }
                    }
                }
            }
            return interfaces;
        }
    }

    private static SemanticVersion versionOrNull(String text) {
        try {
            return SemanticVersion.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
