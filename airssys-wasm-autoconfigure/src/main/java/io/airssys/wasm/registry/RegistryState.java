package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The registry's index, an immutable value written as {@code registry.toml}: for each
 * component its stored versions, active version, grants and recent history.
 */
record RegistryState(Map<String, ComponentEntry> components) {

    static final int FORMAT = 1;
    static final int MAX_HISTORY = 100;

    record ComponentEntry(List<StoredVersion> versions, Optional<SemanticVersion> active, Optional<String> grants,
                          List<HistoryEntry> history) {
        ComponentEntry {
            versions = List.copyOf(versions);
            history = List.copyOf(history.size() > MAX_HISTORY ? history.subList(history.size() - MAX_HISTORY,
                    history.size()) : history);
        }

        static ComponentEntry empty() {
            return new ComponentEntry(List.of(), Optional.empty(), Optional.empty(), List.of());
        }
    }

    RegistryState {
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    static RegistryState empty() {
        return new RegistryState(Map.of());
    }

    ComponentEntry entry(String componentId) {
        return components.getOrDefault(componentId, ComponentEntry.empty());
    }

    RegistryState with(String componentId, ComponentEntry entry) {
        Map<String, ComponentEntry> updated = new LinkedHashMap<>(components);
        updated.put(componentId, entry);
        return new RegistryState(updated);
    }

    RegistryState without(String componentId) {
        Map<String, ComponentEntry> updated = new LinkedHashMap<>(components);
        updated.remove(componentId);
        return new RegistryState(updated);
    }

    byte[] toToml() {
        StringBuilder out = new StringBuilder("# airssys-wasm registry index; written atomically, do not edit while running\n");
        out.append("format = ").append(FORMAT).append('\n');
        components.forEach((id, entry) -> {
            out.append("\n[components.").append(quote(id)).append("]\n");
            entry.active.ifPresent(v -> out.append("active = ").append(quote(v.toString())).append('\n'));
            entry.grants.ifPresent(g -> out.append("grants = ").append(quote(g)).append('\n'));
            out.append("versions = [\n");
            for (StoredVersion v : entry.versions) {
                out.append("  { version = ").append(quote(v.version().toString())).append(", sha256 = ")
                        .append(quote(v.sha256())).append(", size = ").append(v.size()).append(", stored-at = ")
                        .append(quote(v.storedAt().toString())).append(" },\n");
            }
            out.append("]\nhistory = [\n");
            for (HistoryEntry h : entry.history) {
                out.append("  { at = ").append(quote(h.at().toString())).append(", action = ").append(quote(h.action()))
                        .append(", version = ").append(quote(h.version())).append(" },\n");
            }
            out.append("]\n");
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static RegistryState fromToml(String source, String text) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            throw new RegistryException(source + " is damaged: " + toml.errors().get(0));
        }
        Long format = toml.getLong("format");
        if (format == null || format != FORMAT) {
            throw new RegistryException(source + " has format " + format + "; this version reads format " + FORMAT);
        }
        Map<String, ComponentEntry> components = new LinkedHashMap<>();
        TomlTable table = toml.getTable("components");
        if (table != null) {
            for (String id : table.keySet()) {
                TomlTable c = table.getTable(List.of(id));
                List<StoredVersion> versions = new ArrayList<>();
                TomlArray versionArray = c.getArrayOrEmpty("versions");
                for (int i = 0; i < versionArray.size(); i++) {
                    TomlTable v = versionArray.getTable(i);
                    versions.add(new StoredVersion(id, SemanticVersion.parse(v.getString("version")),
                            v.getString("sha256"), v.getLong("size"), Instant.parse(v.getString("stored-at"))));
                }
                List<HistoryEntry> history = new ArrayList<>();
                TomlArray historyArray = c.getArrayOrEmpty("history");
                for (int i = 0; i < historyArray.size(); i++) {
                    TomlTable h = historyArray.getTable(i);
                    history.add(new HistoryEntry(Instant.parse(h.getString("at")), h.getString("action"),
                            h.getString("version")));
                }
                components.put(id, new ComponentEntry(versions,
                        Optional.ofNullable(c.getString("active")).map(SemanticVersion::parse),
                        Optional.ofNullable(c.getString("grants")), history));
            }
        }
        return new RegistryState(components);
    }

    /** A TOML basic string. */
    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
