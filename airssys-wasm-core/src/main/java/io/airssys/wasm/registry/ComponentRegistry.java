package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.Sha256;
import io.airssys.wasm.registry.RegistryState.ComponentEntry;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent component repository: every stored artifact is an immutable version kept by
 * its SHA-256 under {@code artifacts/}, and {@code registry.toml} records each component's
 * versions (with the manifest that admitted each), active version, grants and history. Every
 * change rewrites the index atomically (temporary file, fsync, rename, fsync of the directory),
 * so after a crash at any point the registry reopens in the state before or after the change,
 * never between; artifacts are written before the index refers to them. A damaged component
 * entry disables only that component ({@link #damaged()}): it is kept as found, a copy of the
 * index is saved beside it, and its artifacts are kept. Artifacts no entry refers to are
 * deleted at start. Thread-safe.
 */
public final class ComponentRegistry implements StoredComponents {

    private static final Logger log = LoggerFactory.getLogger(ComponentRegistry.class);
    static final String INDEX = "registry.toml";

    private final Path root;
    private final Path artifacts;
    private final Clock clock;
    private final AtomicFileWriter writer;
    private RegistryState state;

    ComponentRegistry(Path root, Clock clock, AtomicFileWriter writer) {
        this.root = root;
        this.artifacts = root.resolve("artifacts");
        this.clock = clock;
        this.writer = writer;
        try {
            Files.createDirectories(artifacts);
            removeLeftoverTempFiles();
            Path index = root.resolve(INDEX);
            this.state = Files.exists(index)
                    ? RegistryState.fromToml(index.toString(), Files.readString(index, StandardCharsets.UTF_8))
                    : RegistryState.empty();
            if (!state.damaged().isEmpty()) {
                Path copy = root.resolve(INDEX + ".damaged-" + clock.millis());
                Files.copy(index, copy);
                state.damaged()
                        .forEach((id, entry) -> log.error(
                                "component '{}' is disabled: {} (the index as found is " + "saved in {})",
                                id,
                                entry.reason(),
                                copy));
            }
            removeOrphanArtifacts();
        } catch (MalformedInputException e) {
            throw new RegistryException(root.resolve(INDEX) + " is damaged: it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new RegistryException("cannot open the registry in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Opens the registry in {@code root}, creating it if needed, and reloads its state. */
    public static ComponentRegistry open(Path root) {
        return new ComponentRegistry(root, Clock.systemUTC(), AtomicFileWriter.DEFAULT);
    }

    public Path root() {
        return root;
    }

    /**
     * Stores an artifact as {@code componentId@version}. Storing the same bytes again is a
     * no-op; different bytes under a stored version are refused, since versions are immutable.
     */
    public synchronized StoredVersion store(String componentId, SemanticVersion version, byte[] artifact) {
        return store(componentId, version, artifact, Optional.empty());
    }

    /**
     * Stores an artifact with the manifest that admitted it, which {@link StoredVersion#manifest()}
     * returns from then on, also after a restart.
     */
    public synchronized StoredVersion store(
            String componentId, SemanticVersion version, byte[] artifact, String manifest) {
        return store(componentId, version, artifact, Optional.of(manifest));
    }

    private StoredVersion store(
            String componentId, SemanticVersion version, byte[] artifact, Optional<String> manifest) {
        requireUsable(componentId);
        String sha256 = Sha256.hex(artifact);
        ComponentEntry entry = state.entry(componentId);
        Optional<StoredVersion> existing = entry.versions().stream()
                .filter(v -> v.version().equals(version))
                .findFirst();
        if (existing.isPresent()) {
            if (!existing.get().sha256().equals(sha256)) {
                throw new RegistryException(componentId + "@" + version + " is already stored with different content "
                        + "(sha256 " + existing.get().sha256() + "); versions are immutable, give it a new version");
            }
            if (manifest.isPresent()
                    && existing.get().manifest().isPresent()
                    && !existing.get().manifest().equals(manifest)) {
                throw new RegistryException(componentId + "@" + version + " is already stored with another manifest; "
                        + "versions are immutable, give it a new version");
            }
            return existing.get();
        }
        Path file = artifactPath(sha256);
        try {
            if (!Files.exists(file)) {
                writer.write(file, artifact);
            }
        } catch (IOException e) {
            throw new RegistryException("cannot store " + componentId + "@" + version + ": " + e.getMessage(), e);
        }
        StoredVersion stored =
                new StoredVersion(componentId, version, sha256, artifact.length, clock.instant(), manifest);
        List<StoredVersion> versions = new ArrayList<>(entry.versions());
        versions.add(stored);
        versions.sort(Comparator.comparing(StoredVersion::version));
        commit(componentId, entry.withVersions(versions).withHistory(append(entry, "store", version, "")));
        return stored;
    }

    /** Makes a stored version the component's active one. */
    public synchronized void activate(String componentId, SemanticVersion version) {
        activate(componentId, version, "");
    }

    /** Makes a stored version the component's active one, recording why. */
    public synchronized void activate(String componentId, SemanticVersion version, String detail) {
        requireUsable(componentId);
        ComponentEntry entry = state.entry(componentId);
        version(componentId, version);
        commit(
                componentId,
                entry.withActive(Optional.of(version)).withHistory(append(entry, "activate", version, detail)));
    }

    /** Leaves the component with no active version and no roll-out; its stored versions stay. */
    public synchronized void deactivate(String componentId) {
        ComponentEntry entry = state.entry(componentId);
        if (entry.active().isEmpty()) {
            return;
        }
        commit(
                componentId,
                entry.withActive(Optional.empty())
                        .withRollout(Optional.empty())
                        .withHistory(append(entry, "deactivate", entry.active().get(), "")));
    }

    /**
     * Records a change of what serves: {@code active} is the version serving the calls a
     * roll-out does not take, {@code rollout} the roll-out in progress (none once it ended), so
     * that a restart resumes both; the history gets {@code action} on {@code version} with
     * {@code detail}.
     */
    public synchronized void transition(
            String componentId,
            SemanticVersion active,
            Optional<RolloutState> rollout,
            String action,
            SemanticVersion version,
            String detail) {
        requireUsable(componentId);
        ComponentEntry entry = state.entry(componentId);
        version(componentId, active);
        rollout.ifPresent(r -> {
            r.candidate().ifPresent(v -> version(componentId, v));
            r.standby().ifPresent(v -> version(componentId, v));
        });
        commit(
                componentId,
                entry.withActive(Optional.of(active))
                        .withRollout(rollout)
                        .withHistory(append(entry, action, version, detail)));
    }

    /**
     * Records how the roll-out in progress advances on its own (and the step it is at), so a
     * restart resumes it; nothing happens if no roll-out is in progress. Not a history event.
     */
    public synchronized void plan(String componentId, Optional<RolloutPlan> plan) {
        requireUsable(componentId);
        ComponentEntry entry = state.entry(componentId);
        if (entry.rollout().isPresent()) {
            commit(componentId, entry.withRollout(entry.rollout().map(r -> r.withPlan(plan))));
        }
    }

    /** The roll-out in progress, if any. */
    @Override
    public synchronized Optional<RolloutState> rollout(String componentId) {
        return state.entry(componentId).rollout();
    }

    /** Records an event in the history only, e.g. a version refused before it took traffic. */
    public synchronized void record(String componentId, String action, SemanticVersion version, String detail) {
        requireUsable(componentId);
        ComponentEntry entry = state.entry(componentId);
        commit(componentId, entry.withHistory(append(entry, action, version, detail)));
    }

    /** The version that served last: the active one, or the one a stop deactivated. */
    public synchronized Optional<SemanticVersion> lastServing(String componentId) {
        ComponentEntry entry = state.entry(componentId);
        if (entry.active().isPresent()) {
            return entry.active();
        }
        List<HistoryEntry> history = entry.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry event = history.get(i);
            if (event.action().equals("deactivate") || event.action().equals("activate")) {
                SemanticVersion version = SemanticVersion.parse(event.version());
                boolean stored =
                        entry.versions().stream().anyMatch(v -> v.version().equals(version));
                return stored ? Optional.of(version) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Records the operator's grants for a component (a {@code [permissions.*]} TOML text). */
    public synchronized void setGrants(String componentId, String grantsToml) {
        requireUsable(componentId);
        ComponentEntry entry = state.entry(componentId);
        commit(componentId, entry.withGrants(Optional.of(grantsToml)));
    }

    public synchronized Optional<String> grants(String componentId) {
        return state.entry(componentId).grants();
    }

    @Override
    public synchronized Optional<StoredVersion> active(String componentId) {
        ComponentEntry entry = state.entry(componentId);
        return entry.active().map(v -> version(componentId, v));
    }

    /** Stored versions, oldest version first. */
    @Override
    public synchronized List<StoredVersion> versions(String componentId) {
        return state.entry(componentId).versions();
    }

    @Override
    public synchronized List<HistoryEntry> history(String componentId) {
        return state.entry(componentId).history();
    }

    /** Every component with stored versions, damaged ones excepted. */
    @Override
    public synchronized Set<String> componentIds() {
        return Set.copyOf(state.components().keySet());
    }

    /** Components whose index entry is damaged, with the reason naming the file and field; they are disabled. */
    @Override
    public synchronized Map<String, String> damaged() {
        Map<String, String> reasons = new TreeMap<>();
        state.damaged().forEach((id, entry) -> reasons.put(id, entry.reason()));
        return reasons;
    }

    public synchronized StoredVersion version(String componentId, SemanticVersion version) {
        return state.entry(componentId).versions().stream()
                .filter(v -> v.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new RegistryException(componentId + "@" + version + " is not stored; stored "
                        + "versions are "
                        + state.entry(componentId).versions().stream()
                                .map(v -> v.version().toString())
                                .toList()));
    }

    /**
     * The artifact's bytes, checked against their hash.
     *
     * @throws RegistryException if the file is missing or its content changed on disk
     */
    public byte[] artifact(StoredVersion version) {
        try {
            byte[] bytes = Files.readAllBytes(artifactPath(version.sha256()));
            if (!Sha256.hex(bytes).equals(version.sha256())) {
                throw new RegistryException("artifact of " + version.label() + " is damaged on disk: its sha256 is "
                        + Sha256.hex(bytes) + ", expected " + version.sha256());
            }
            return bytes;
        } catch (IOException e) {
            throw new RegistryException("cannot read the artifact of " + version.label() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forgets a component and its versions (a damaged entry included); artifacts no other
     * version uses are deleted.
     */
    public synchronized void remove(String componentId) {
        List<StoredVersion> removed = state.entry(componentId).versions();
        RegistryState next = state.without(componentId);
        write(next);
        state = next;
        Set<String> referenced = next.referencedArtifacts();
        for (StoredVersion version : removed) {
            if (!referenced.contains(version.sha256())) {
                try {
                    Files.deleteIfExists(artifactPath(version.sha256()));
                } catch (IOException e) {
                    log.warn("could not delete the artifact of {}: {}", version.label(), e.getMessage());
                }
            }
        }
    }

    private void requireUsable(String componentId) {
        RegistryState.DamagedEntry damaged = state.damaged().get(componentId);
        if (damaged != null) {
            throw new RegistryException("component '" + componentId + "' is disabled because its registry entry is "
                    + "damaged (" + damaged.reason() + "); fix the entry or remove the component");
        }
    }

    /** Deletes {@code <sha256>.wasm} files no entry refers to, left by a crash between storing and indexing. */
    private void removeOrphanArtifacts() throws IOException {
        Set<String> referenced = state.referencedArtifacts();
        boolean unreadable = state.damaged().values().stream().anyMatch(entry -> entry.rawToml() == null);
        if (unreadable) {
            return; // a damaged entry may refer to artifacts it no longer names; delete nothing
        }
        try (Stream<Path> files = Files.list(artifacts)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".wasm")
                        && RegistryState.SHA256
                                .matcher(name.substring(0, name.length() - 5))
                                .matches()
                        && !referenced.contains(name.substring(0, name.length() - 5))) {
                    log.info("removing {}, which no registry entry refers to", file);
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private List<HistoryEntry> append(ComponentEntry entry, String action, SemanticVersion version, String detail) {
        List<HistoryEntry> history = new ArrayList<>(entry.history());
        history.add(new HistoryEntry(clock.instant(), action, version.toString(), detail));
        return history;
    }

    private void commit(String componentId, ComponentEntry entry) {
        RegistryState next = state.with(componentId, entry);
        write(next);
        state = next;
    }

    private void write(RegistryState next) {
        try {
            writer.write(root.resolve(INDEX), next.toToml());
        } catch (IOException e) {
            throw new RegistryException("cannot write the registry index in " + root + ": " + e.getMessage(), e);
        }
    }

    private Path artifactPath(String sha256) {
        if (!RegistryState.SHA256.matcher(sha256).matches()) {
            throw new RegistryException("'" + sha256 + "' is not a SHA-256; refusing to use it as a file name");
        }
        return artifacts.resolve(sha256 + ".wasm");
    }

    private void removeLeftoverTempFiles() throws IOException {
        for (Path dir : List.of(root, artifacts)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().contains(AtomicFileWriter.TEMP_MARKER))
                        .toList()) {
                    log.info("removing {} left by an interrupted write", file);
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
