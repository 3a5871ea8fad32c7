package io.airssys.wasm.manifest;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.HostPattern;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.security.PathPattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads {@code Component.toml}. Strict: unknown tables and keys, values of the wrong type and
 * invalid patterns are all refused with a {@link ManifestException} giving the line and
 * column, so a typo never silently drops a permission or a limit. The schema is in the README.
 */
public final class ManifestParser {

    private static final Pattern COMPONENT_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern WORLD = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*/[a-z][a-z0-9-]*(@\\S+)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final int MAX_INSTANCES = 1024;
    private static final int MAX_ID_LENGTH = 128;
    private static final long MAX_TABLE_ELEMENTS = 10_000_000;
    /** Ids the host uses for itself: {@code host} is the application's sender id on the message bus. */
    public static final Set<String> RESERVED_IDS = Set.of("host", "airssys", "system");

    private final String source;

    private ManifestParser(String source) {
        this.source = source;
    }

    public static ComponentManifest parse(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses manifest text; {@code source} names it in errors (a path, or the component artifact). */
    public static ComponentManifest parse(String source, String text) {
        return new ManifestParser(source).read(text);
    }

    /**
     * Parses an operator's grants for a component: the same {@code [permissions.*]} tables a
     * manifest uses, and nothing else, so grants and requests are written alike.
     */
    public static CapabilitySet parseGrants(String source, String text) {
        ManifestParser parser = new ManifestParser(source);
        TomlParseResult toml = parser.toml(text);
        parser.onlyKeys(toml, "", Set.of("permissions"));
        return parser.permissions(toml);
    }

    private TomlParseResult toml(String text) {
        TomlParseResult toml = parseToml(text)
                .orElseThrow(() -> fail(
                        TomlPosition.positionAt(1, 1), "not valid TOML (the TOML reader could not make sense of it)"));
        if (toml.hasErrors()) {
            var error = toml.errors().get(0);
            throw fail(
                    error.position(),
                    "not valid TOML: " + error.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", ""));
        }
        return toml;
    }

    /**
     * Parses TOML text; empty where the reader gives up with an {@code AssertionError}, which
     * tomlj raises (when assertions are enabled) on some malformed input instead of reporting
     * an error. The input is malformed either way, so it is refused like any other.
     */
    public static Optional<TomlParseResult> parseToml(String text) {
        try {
            return Optional.of(Toml.parse(text));
        } catch (AssertionError e) {
            return Optional.empty();
        }
    }

    private ComponentManifest read(String text) {
        TomlParseResult toml = toml(text);
        onlyKeys(toml, "", Set.of("component", "permissions", "resources"));
        TomlTable component = table(toml, "component", "")
                .orElseThrow(() -> fail(TomlPosition.positionAt(1, 1), "missing [component] table"));
        onlyKeys(component, "component", Set.of("id", "version", "world", "description"));
        TomlPosition componentAt = toml.inputPositionOf("component");

        String id =
                string(component, "id", "component").orElseThrow(() -> fail(componentAt, "[component] needs an id"));
        if (id.length() > MAX_ID_LENGTH || !COMPONENT_ID.matcher(id).matches()) {
            throw fail(
                    component.inputPositionOf("id"),
                    "id '" + id + "' must be lowercase kebab-case of at most " + MAX_ID_LENGTH
                            + " characters, e.g. order-validator");
        }
        if (RESERVED_IDS.contains(id)) {
            throw fail(component.inputPositionOf("id"), "id '" + id + "' is reserved for the host; choose another");
        }
        String versionText = string(component, "version", "component")
                .orElseThrow(() -> fail(componentAt, "[component] needs a version"));
        SemanticVersion version = parseValue(component, "version", versionText, SemanticVersion::parse);
        Optional<String> world = string(component, "world", "component");
        world.ifPresent(w -> {
            if (!WORLD.matcher(w).matches()) {
                throw fail(
                        component.inputPositionOf("world"),
                        "world '" + w + "' must be a WIT world name like airssys:core/component@1.0.0");
            }
        });
        Optional<String> description = string(component, "description", "component");

        CapabilitySet requested = permissions(toml);
        ResourceLimits resources = resources(toml);
        return new ComponentManifest(id, version, world, description, requested, resources);
    }

    private CapabilitySet permissions(TomlTable toml) {
        List<Capability> capabilities = new ArrayList<>();
        Optional<TomlTable> permissions = table(toml, "permissions", "");
        if (permissions.isEmpty()) {
            return CapabilitySet.NONE;
        }
        TomlTable p = permissions.get();
        onlyKeys(p, "permissions", Set.of("filesystem", "network", "env", "storage", "messaging", "host"));
        table(p, "filesystem", "permissions").ifPresent(fs -> {
            onlyKeys(fs, "permissions.filesystem", Set.of("read", "write"));
            strings(fs, "read", "permissions.filesystem", PathPattern::parse)
                    .forEach(pattern -> capabilities.add(new Capability.FilesystemRead(pattern)));
            strings(fs, "write", "permissions.filesystem", PathPattern::parse)
                    .forEach(pattern -> capabilities.add(new Capability.FilesystemWrite(pattern)));
        });
        table(p, "network", "permissions").ifPresent(net -> {
            onlyKeys(net, "permissions.network", Set.of("outbound"));
            strings(net, "outbound", "permissions.network", HostPattern::parse)
                    .forEach(pattern -> capabilities.add(new Capability.NetworkOutbound(pattern)));
        });
        table(p, "env", "permissions").ifPresent(env -> {
            onlyKeys(env, "permissions.env", Set.of("vars"));
            strings(env, "vars", "permissions.env", NamePattern::parse)
                    .forEach(pattern -> capabilities.add(new Capability.EnvironmentVariable(pattern)));
        });
        table(p, "storage", "permissions").ifPresent(storage -> {
            onlyKeys(storage, "permissions.storage", Set.of("quota"));
            size(storage, "quota", "permissions.storage")
                    .ifPresent(bytes -> capabilities.add(new Capability.StorageQuota(bytes)));
        });
        table(p, "messaging", "permissions").ifPresent(messaging -> {
            onlyKeys(messaging, "permissions.messaging", Set.of("send-to"));
            strings(messaging, "send-to", "permissions.messaging", NamePattern::parse)
                    .forEach(pattern -> capabilities.add(new Capability.MessagingSendTo(pattern)));
        });
        table(p, "host", "permissions").ifPresent(host -> {
            onlyKeys(host, "permissions.host", Set.of("interfaces"));
            strings(host, "interfaces", "permissions.host", NamePattern::parse)
                    .forEach(pattern -> capabilities.add(new Capability.HostInterfaceImport(pattern)));
        });
        return new CapabilitySet(capabilities);
    }

    private ResourceLimits resources(TomlTable toml) {
        Optional<TomlTable> table = table(toml, "resources", "");
        if (table.isEmpty()) {
            return ResourceLimits.UNSPECIFIED;
        }
        TomlTable r = table.get();
        onlyKeys(r, "resources", Set.of("memory-max", "timeout", "instances", "table-elements-max", "fuel"));
        OptionalLong memory = size(r, "memory-max", "resources");
        OptionalLong tableElements = wholeNumber(r, "table-elements-max", 0, MAX_TABLE_ELEMENTS);
        OptionalLong fuel = wholeNumber(r, "fuel", 1, Long.MAX_VALUE);
        Optional<Duration> timeout = duration(r, "timeout");
        OptionalLong instanceCount = wholeNumber(r, "instances", 1, MAX_INSTANCES);
        OptionalInt instances =
                instanceCount.isPresent() ? OptionalInt.of((int) instanceCount.getAsLong()) : OptionalInt.empty();
        return new ResourceLimits(memory, timeout, instances, tableElements, fuel);
    }

    /** A {@code [resources]} whole number within {@code [min, max]}, if given. */
    private OptionalLong wholeNumber(TomlTable resources, String key, long min, long max) {
        if (!resources.contains(key)) {
            return OptionalLong.empty();
        }
        Object value = resources.get(key);
        if (!(value instanceof Long n) || n < min || n > max) {
            String range = max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
            throw fail(
                    resources.inputPositionOf(key),
                    "[resources] " + key + " must be a whole number " + range + ", was " + describe(value));
        }
        return OptionalLong.of(n);
    }

    private OptionalLong size(TomlTable table, String key, String tableName) {
        if (!table.contains(key)) {
            return OptionalLong.empty();
        }
        Object value = table.get(key);
        if (value instanceof Long bytes && bytes >= 0) {
            return OptionalLong.of(bytes);
        }
        if (value instanceof String text) {
            Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
                    case "kb", "kib" -> 1024L;
                    case "mb", "mib" -> 1024L * 1024;
                    case "gb", "gib" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                try {
                    return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
                } catch (ArithmeticException | NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw fail(
                table.inputPositionOf(List.of(key)),
                "[" + tableName + "] " + key + " must be a size such as \"16MiB\" " + "or a number of bytes, was "
                        + describe(value));
    }

    private Optional<Duration> duration(TomlTable table, String key) {
        if (!table.contains(key)) {
            return Optional.empty();
        }
        Object value = table.get(key);
        Duration duration = null;
        if (value instanceof Long millis && millis > 0) {
            duration = Duration.ofMillis(millis);
        } else if (value instanceof String text) {
            Matcher m = DURATION.matcher(text.strip());
            try {
                if (m.matches() && Long.parseLong(m.group(1)) > 0) {
                    long amount = Long.parseLong(m.group(1));
                    duration = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        default -> Duration.ofMinutes(amount);
                    };
                }
            } catch (ArithmeticException | NumberFormatException e) {
                duration = null; // too large for a number: refused below like any other bad value
            }
        }
        if (duration == null) {
            throw fail(
                    table.inputPositionOf(List.of(key)),
                    "[resources] " + key + " must be a positive duration such as "
                            + "\"500ms\", \"2s\" or \"1m\", or a number of milliseconds, was " + describe(value));
        }
        return Optional.of(duration);
    }

    private <T> List<T> strings(TomlTable table, String key, String tableName, Function<String, T> parser) {
        if (!table.contains(key)) {
            return List.of();
        }
        Object value = table.get(key);
        if (!(value instanceof TomlArray array)) {
            throw fail(
                    table.inputPositionOf(List.of(key)),
                    "[" + tableName + "] " + key + " must be an array of strings, was " + describe(value));
        }
        List<T> parsed = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            if (!(element instanceof String text)) {
                throw fail(
                        array.inputPositionOf(i),
                        "[" + tableName + "] " + key + " must hold strings, found " + describe(element));
            }
            try {
                parsed.add(parser.apply(text));
            } catch (IllegalArgumentException e) {
                throw fail(array.inputPositionOf(i), e.getMessage());
            }
        }
        return parsed;
    }

    private Optional<String> string(TomlTable table, String key, String tableName) {
        if (!table.contains(key)) {
            return Optional.empty();
        }
        Object value = table.get(key);
        if (!(value instanceof String text)) {
            throw fail(
                    table.inputPositionOf(List.of(key)),
                    "[" + tableName + "] " + key + " must be a string, was " + describe(value));
        }
        return Optional.of(text);
    }

    private Optional<TomlTable> table(TomlTable parent, String key, String parentName) {
        if (!parent.contains(key)) {
            return Optional.empty();
        }
        Object value = parent.get(key);
        if (!(value instanceof TomlTable table)) {
            throw fail(
                    parent.inputPositionOf(List.of(key)),
                    (parentName.isEmpty() ? "" : "[" + parentName + "] ") + key + " must be a table");
        }
        return Optional.of(table);
    }

    private <T> T parseValue(TomlTable table, String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw fail(table.inputPositionOf(List.of(key)), e.getMessage());
        }
    }

    private void onlyKeys(TomlTable table, String tableName, Set<String> allowed) {
        for (String key : table.keySet()) {
            if (!allowed.contains(key)) {
                throw fail(
                        table.inputPositionOf(List.of(key)),
                        "unknown key '" + key + "'"
                                + (tableName.isEmpty() ? " at top level" : " in [" + tableName + "]")
                                + "; expected one of "
                                + allowed.stream().sorted().toList());
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private ManifestException fail(TomlPosition position, String reason) {
        int line = position == null ? 1 : position.line();
        int column = position == null ? 1 : position.column();
        return new ManifestException(source, line, column, reason);
    }
}
