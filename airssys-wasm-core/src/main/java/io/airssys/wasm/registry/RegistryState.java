package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.manifest.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The registry's index, an immutable value written as {@code registry.toml}: for each
 * component its stored versions (with the manifest that admitted each), active version, grants
 * and recent history. Reading it checks every field: a component whose entry is damaged is
 * kept aside, with the reason naming the file and the field, and written back unchanged, so
 * one bad entry disables only that component and loses nothing.
 */
record RegistryState(Map<String, ComponentEntry> components, Map<String, DamagedEntry> damaged) {

    static final int FORMAT = 1;
    static final int MAX_HISTORY = 100;
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern COMPONENT_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    record ComponentEntry(
            List<StoredVersion> versions,
            Optional<SemanticVersion> active,
            Optional<String> grants,
            List<HistoryEntry> history,
            Optional<RolloutState> rollout) {
        ComponentEntry {
            versions = List.copyOf(versions);
            history = List.copyOf(
                    history.size() > MAX_HISTORY
                            ? history.subList(history.size() - MAX_HISTORY, history.size())
                            : history);
        }

        static ComponentEntry empty() {
            return new ComponentEntry(List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        }

        ComponentEntry withVersions(List<StoredVersion> newVersions) {
            return new ComponentEntry(newVersions, active, grants, history, rollout);
        }

        ComponentEntry withActive(Optional<SemanticVersion> newActive) {
            return new ComponentEntry(versions, newActive, grants, history, rollout);
        }

        ComponentEntry withGrants(Optional<String> newGrants) {
            return new ComponentEntry(versions, active, newGrants, history, rollout);
        }

        ComponentEntry withHistory(List<HistoryEntry> newHistory) {
            return new ComponentEntry(versions, active, grants, newHistory, rollout);
        }

        ComponentEntry withRollout(Optional<RolloutState> newRollout) {
            return new ComponentEntry(versions, active, grants, history, newRollout);
        }
    }

    /**
     * An entry that could not be read: why, and its content as it was, written back as it is.
     * {@code rawToml} is null when the entry cannot be written back faithfully.
     */
    record DamagedEntry(String reason, String rawToml, Set<String> artifacts) {}

    RegistryState {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
        damaged = Collections.unmodifiableMap(new TreeMap<>(damaged));
    }

    static RegistryState empty() {
        return new RegistryState(Map.of(), Map.of());
    }

    ComponentEntry entry(String componentId) {
        return components.getOrDefault(componentId, ComponentEntry.empty());
    }

    RegistryState with(String componentId, ComponentEntry entry) {
        Map<String, ComponentEntry> updated = new LinkedHashMap<>(components);
        updated.put(componentId, entry);
        return new RegistryState(updated, damaged);
    }

    RegistryState without(String componentId) {
        Map<String, ComponentEntry> updated = new LinkedHashMap<>(components);
        updated.remove(componentId);
        Map<String, DamagedEntry> stillDamaged = new TreeMap<>(damaged);
        stillDamaged.remove(componentId);
        return new RegistryState(updated, stillDamaged);
    }

    /**
     * This state with {@code componentId}'s entry as {@code read} holds it: its readable or
     * damaged entry, or none if {@code read} does not know the component.
     */
    RegistryState withEntryFrom(String componentId, RegistryState read) {
        Map<String, ComponentEntry> updated = new LinkedHashMap<>(components);
        Map<String, DamagedEntry> stillDamaged = new TreeMap<>(damaged);
        updated.remove(componentId);
        stillDamaged.remove(componentId);
        Optional.ofNullable(read.components.get(componentId)).ifPresent(e -> updated.put(componentId, e));
        Optional.ofNullable(read.damaged.get(componentId)).ifPresent(e -> stillDamaged.put(componentId, e));
        return new RegistryState(updated, stillDamaged);
    }

    /** One component's entry alone, in the index format, e.g. for a database row. */
    static byte[] entryToml(String componentId, ComponentEntry entry) {
        return new RegistryState(Map.of(componentId, entry), Map.of()).toToml();
    }

    /** SHA-256 of every artifact an entry refers to, damaged ones included as far as they can be read. */
    Set<String> referencedArtifacts() {
        Set<String> referenced = new HashSet<>();
        components.values().forEach(entry -> entry.versions().forEach(v -> referenced.add(v.sha256())));
        damaged.values().forEach(entry -> referenced.addAll(entry.artifacts()));
        return referenced;
    }

    byte[] toToml() {
        StringBuilder out =
                new StringBuilder("# airssys-wasm registry index; written atomically, do not edit while running\n");
        out.append("format = ").append(FORMAT).append('\n');
        components.forEach((id, entry) -> {
            out.append("\n[components.").append(quote(id)).append("]\n");
            entry.active.ifPresent(
                    v -> out.append("active = ").append(quote(v.toString())).append('\n'));
            entry.grants.ifPresent(g -> out.append("grants = ").append(quote(g)).append('\n'));
            entry.rollout.ifPresent(r -> {
                out.append("rollout = { strategy = ").append(quote(r.strategy()));
                r.candidate().ifPresent(v -> out.append(", candidate = ").append(quote(v.toString())));
                out.append(", percent = ").append(r.percent());
                out.append(", sticky = ").append(r.sticky());
                r.standby().ifPresent(v -> out.append(", standby = ").append(quote(v.toString())));
                r.plan()
                        .ifPresent(p -> out.append(", plan = { kind = ")
                                .append(quote(p.kind()))
                                .append(", steps = ")
                                .append(p.steps())
                                .append(", interval-ms = ")
                                .append(p.intervalMillis())
                                .append(", max-error-rate = ")
                                .append(p.maxErrorRate())
                                .append(", max-latency-ratio = ")
                                .append(p.maxLatencyRatio())
                                .append(", min-calls = ")
                                .append(p.minCalls())
                                .append(", step = ")
                                .append(p.step())
                                .append(" }"));
                out.append(" }\n");
            });
            out.append("versions = [\n");
            for (StoredVersion v : entry.versions) {
                out.append("  { version = ")
                        .append(quote(v.version().toString()))
                        .append(", sha256 = ")
                        .append(quote(v.sha256()))
                        .append(", size = ")
                        .append(v.size())
                        .append(", stored-at = ")
                        .append(quote(v.storedAt().toString()));
                v.manifest().ifPresent(m -> out.append(", manifest = ").append(quote(m)));
                out.append(" },\n");
            }
            out.append("]\nhistory = [\n");
            for (HistoryEntry h : entry.history) {
                out.append("  { at = ")
                        .append(quote(h.at().toString()))
                        .append(", action = ")
                        .append(quote(h.action()))
                        .append(", version = ")
                        .append(quote(h.version()));
                if (!h.detail().isEmpty()) {
                    out.append(", detail = ").append(quote(h.detail()));
                }
                out.append(" },\n");
            }
            out.append("]\n");
        });
        damaged.forEach((id, entry) -> {
            if (entry.rawToml() != null) {
                out.append("\n# damaged, kept as found: ")
                        .append(entry.reason().replace('\n', ' '))
                        .append('\n');
                out.append("[components.").append(quote(id)).append("]\n").append(entry.rawToml());
            }
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws RegistryException if the file as a whole cannot be read (not TOML, another format);
     *                           a damaged component entry is kept in {@link #damaged()} instead
     */
    static RegistryState fromToml(String source, String text) {
        TomlParseResult toml = ManifestParser.parseToml(text)
                .orElseThrow(() -> new RegistryException(source + " is damaged and cannot be read: not valid TOML"));
        if (toml.hasErrors()) {
            var error = toml.errors().get(0);
            throw new RegistryException(source + " is damaged and cannot be read: " + error.getMessage());
        }
        Object format = toml.get("format");
        if (!(format instanceof Long number) || number != FORMAT) {
            throw new RegistryException(source + " has format " + format + "; this version reads format " + FORMAT);
        }
        Map<String, ComponentEntry> components = new LinkedHashMap<>();
        Map<String, DamagedEntry> damaged = new TreeMap<>();
        Object componentsValue = toml.get("components");
        if (componentsValue != null && !(componentsValue instanceof TomlTable)) {
            throw new RegistryException(source + ": field 'components' must be a table");
        }
        TomlTable table = (TomlTable) componentsValue;
        if (table != null) {
            for (String id : table.keySet()) {
                Object value = table.get(List.of(id));
                try {
                    components.put(id, new EntryReader(source, id).read(value));
                } catch (RegistryException e) {
                    damaged.put(id, new DamagedEntry(e.getMessage(), rawToml(value), artifactsIn(value)));
                }
            }
        }
        return new RegistryState(components, damaged);
    }

    private static String rawToml(Object value) {
        if (!(value instanceof TomlTable entry)) {
            return null;
        }
        String raw = entry.toToml();
        boolean headers = raw.lines().anyMatch(line -> line.stripLeading().startsWith("["));
        return headers ? null : raw;
    }

    private static Set<String> artifactsIn(Object value) {
        Set<String> found = new HashSet<>();
        if (value instanceof TomlTable entry && entry.get("versions") instanceof TomlArray versions) {
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i) instanceof TomlTable version
                        && version.get("sha256") instanceof String sha
                        && SHA256.matcher(sha).matches()) {
                    found.add(sha);
                }
            }
        }
        return found;
    }

    /** Reads one component's entry, naming the exact field of the first problem. */
    private record EntryReader(String source, String id) {

        ComponentEntry read(Object value) {
            String at = "components." + quote(id);
            if (!COMPONENT_ID.matcher(id).matches()) {
                throw damaged(at, "is not a valid component id");
            }
            if (!(value instanceof TomlTable entry)) {
                throw damaged(at, "must be a table");
            }
            List<StoredVersion> versions = new ArrayList<>();
            List<Object> versionArray = array(entry, "versions", at);
            Set<SemanticVersion> seen = new HashSet<>();
            for (int i = 0; i < versionArray.size(); i++) {
                String field = at + ".versions[" + i + "]";
                TomlTable v = table(versionArray.get(i), field);
                SemanticVersion version = version(string(v, "version", field), field + ".version");
                if (!seen.add(version)) {
                    throw damaged(field + ".version", "repeats version " + version);
                }
                String sha = string(v, "sha256", field);
                if (!SHA256.matcher(sha).matches()) {
                    throw damaged(field + ".sha256", "is not a SHA-256 in lowercase hex");
                }
                Object size = v.get("size");
                if (!(size instanceof Long bytes) || bytes < 0) {
                    throw damaged(field + ".size", "must be a non-negative number");
                }
                Object manifest = v.get("manifest");
                if (manifest != null && !(manifest instanceof String)) {
                    throw damaged(field + ".manifest", "must be a string");
                }
                versions.add(new StoredVersion(
                        id,
                        version,
                        sha,
                        (Long) size,
                        instant(string(v, "stored-at", field), field + ".stored-at"),
                        Optional.ofNullable((String) manifest)));
            }
            versions.sort(Comparator.comparing(StoredVersion::version));
            Optional<SemanticVersion> active = Optional.empty();
            if (entry.get("active") != null) {
                SemanticVersion version = version(string(entry, "active", at), at + ".active");
                if (!seen.contains(version)) {
                    throw damaged(at + ".active", "names " + version + ", which is not a stored version");
                }
                active = Optional.of(version);
            }
            Object grants = entry.get("grants");
            if (grants != null && !(grants instanceof String)) {
                throw damaged(at + ".grants", "must be a string");
            }
            List<HistoryEntry> history = new ArrayList<>();
            List<Object> historyArray = array(entry, "history", at);
            for (int i = 0; i < historyArray.size(); i++) {
                String field = at + ".history[" + i + "]";
                TomlTable h = table(historyArray.get(i), field);
                Object detail = h.get("detail");
                if (detail != null && !(detail instanceof String)) {
                    throw damaged(field + ".detail", "must be a string");
                }
                history.add(new HistoryEntry(
                        instant(string(h, "at", field), field + ".at"),
                        string(h, "action", field),
                        string(h, "version", field),
                        detail == null ? "" : (String) detail));
            }
            return new ComponentEntry(
                    versions, active, Optional.ofNullable((String) grants), history, rollout(entry, at, seen));
        }

        /** The roll-out in progress, if the entry records one; its versions must be stored ones. */
        private Optional<RolloutState> rollout(TomlTable entry, String at, Set<SemanticVersion> stored) {
            Object value = entry.get("rollout");
            if (value == null) {
                return Optional.empty();
            }
            String field = at + ".rollout";
            TomlTable rollout = table(value, field);
            Optional<SemanticVersion> candidate = storedVersion(rollout, "candidate", field, stored);
            Optional<SemanticVersion> standby = storedVersion(rollout, "standby", field, stored);
            Object percent = rollout.get("percent");
            Object sticky = rollout.get("sticky");
            if (!(percent instanceof Long share)) {
                throw damaged(field + ".percent", "must be a number");
            }
            if (!(sticky instanceof Boolean isSticky)) {
                throw damaged(field + ".sticky", "must be true or false");
            }
            try {
                return Optional.of(new RolloutState(
                        string(rollout, "strategy", field),
                        candidate,
                        (int) (long) share,
                        isSticky,
                        standby,
                        plan(rollout.get("plan"), field + ".plan")));
            } catch (IllegalArgumentException e) {
                throw damaged(field, e.getMessage());
            }
        }

        private Optional<RolloutPlan> plan(Object value, String field) {
            if (value == null) {
                return Optional.empty();
            }
            TomlTable plan = table(value, field);
            List<Integer> steps = new ArrayList<>();
            for (Object step : array(plan, "steps", field)) {
                if (!(step instanceof Long share)) {
                    throw damaged(field + ".steps", "must be numbers");
                }
                steps.add((int) (long) share);
            }
            try {
                return Optional.of(new RolloutPlan(
                        string(plan, "kind", field),
                        steps,
                        number(plan, "interval-ms", field).longValue(),
                        number(plan, "max-error-rate", field).doubleValue(),
                        number(plan, "max-latency-ratio", field).doubleValue(),
                        number(plan, "min-calls", field).longValue(),
                        number(plan, "step", field).intValue()));
            } catch (IllegalArgumentException e) {
                throw damaged(field, e.getMessage());
            }
        }

        private Number number(TomlTable table, String key, String at) {
            if (!(table.get(key) instanceof Number value)) {
                throw damaged(at + "." + key, "must be a number");
            }
            return value;
        }

        private Optional<SemanticVersion> storedVersion(
                TomlTable table, String key, String at, Set<SemanticVersion> stored) {
            if (table.get(key) == null) {
                return Optional.empty();
            }
            SemanticVersion version = version(string(table, key, at), at + "." + key);
            if (!stored.contains(version)) {
                throw damaged(at + "." + key, "names " + version + ", which is not a stored version");
            }
            return Optional.of(version);
        }

        private List<Object> array(TomlTable table, String key, String at) {
            Object value = table.get(key);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof TomlArray array)) {
                throw damaged(at + "." + key, "must be an array");
            }
            return array.toList();
        }

        private TomlTable table(Object value, String field) {
            if (!(value instanceof TomlTable table)) {
                throw damaged(field, "must be a table");
            }
            return table;
        }

        private String string(TomlTable table, String key, String at) {
            Object value = table.get(key);
            if (!(value instanceof String text)) {
                throw damaged(at + "." + key, value == null ? "is missing" : "must be a string");
            }
            return text;
        }

        private SemanticVersion version(String text, String field) {
            try {
                return SemanticVersion.parse(text);
            } catch (IllegalArgumentException e) {
                throw damaged(field, e.getMessage());
            }
        }

        private Instant instant(String text, String field) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw damaged(field, "'" + text + "' is not an ISO-8601 instant");
            }
        }

        private RegistryException damaged(String field, String problem) {
            return new RegistryException(source + ": field " + field + " " + problem);
        }
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
