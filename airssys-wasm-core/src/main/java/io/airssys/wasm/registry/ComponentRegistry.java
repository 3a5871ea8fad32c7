package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.Sha256;
import io.airssys.wasm.registry.RegistryState.ComponentEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The persistent component repository, the desired state of every component: its immutable
 * versions (each artifact kept once by its SHA-256, with the manifest that admitted it), the
 * active version, the roll-out in progress, the operator's grants and the history. Two kinds
 * keep it: {@link FileComponentRegistry}, a directory of one application instance (the
 * default), and {@link JdbcComponentRegistry}, a database every replica of an application
 * shares. Reads come from memory; each change is written through before it is seen.
 * Thread-safe.
 */
public abstract sealed class ComponentRegistry implements StoredComponents
        permits FileComponentRegistry, JdbcComponentRegistry {

    final Clock clock;
    /** What the registry holds, as last written or read; guarded by {@code this}. */
    RegistryState state;

    ComponentRegistry(Clock clock, RegistryState state) {
        this.clock = clock;
        this.state = state;
    }

    /** Opens the file registry in {@code root}, creating it if needed, and reloads its state. */
    public static ComponentRegistry open(Path root) {
        return FileComponentRegistry.open(root);
    }

    /** Where the registry is kept, for messages: a directory, or a database. */
    public abstract String location();

    /** A new artifact to keep with a change: its hash and bytes. */
    record NewArtifact(String sha256, byte[] bytes) {}

    /**
     * Writes {@code componentId}'s new entry, and {@code artifact} with it if there is one,
     * before anyone sees it; the caller then takes it into {@link #state}.
     */
    abstract void persist(String componentId, ComponentEntry entry, Optional<NewArtifact> artifact);

    /** Writes that {@code componentId} is forgotten ({@code next} is the state without it). */
    abstract void persistRemoval(String componentId, List<StoredVersion> removed, RegistryState next);

    /** The bytes of {@code version}'s artifact, not yet checked against its hash. */
    abstract byte[] loadArtifact(StoredVersion version) throws IOException;

    /**
     * Stores an artifact as {@code componentId@version}. Storing the same bytes again is a
     * no-op; different bytes under a stored version are refused, since versions are immutable.
     */
    public synchronized StoredVersion store(String componentId, SemanticVersion version, byte[] artifact) {
        return store(componentId, version, artifact, Optional.empty(), Optional.empty());
    }

    /**
     * Stores an artifact with the manifest that admitted it, which {@link StoredVersion#manifest()}
     * returns from then on, also after a restart.
     */
    public synchronized StoredVersion store(
            String componentId, SemanticVersion version, byte[] artifact, String manifest) {
        return store(componentId, version, artifact, Optional.of(manifest), Optional.empty());
    }

    /**
     * Stores an artifact with the manifest that admitted it and records the operator's grants
     * it is deployed with ({@link #setGrants}), in one change: what a deployment stores.
     */
    public synchronized StoredVersion store(
            String componentId, SemanticVersion version, byte[] artifact, String manifest, String grantsToml) {
        return store(componentId, version, artifact, Optional.of(manifest), Optional.of(grantsToml));
    }

    private StoredVersion store(
            String componentId,
            SemanticVersion version,
            byte[] artifact,
            Optional<String> manifest,
            Optional<String> grants) {
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
            if (grants.isPresent() && !grants.equals(entry.grants())) {
                commit(componentId, entry.withGrants(grants));
            }
            return existing.get();
        }
        StoredVersion stored =
                new StoredVersion(componentId, version, sha256, artifact.length, clock.instant(), manifest);
        List<StoredVersion> versions = new ArrayList<>(entry.versions());
        versions.add(stored);
        versions.sort(Comparator.comparing(StoredVersion::version));
        ComponentEntry next = entry.withVersions(versions).withHistory(append(entry, "store", version, ""));
        commit(
                componentId,
                grants.isPresent() ? next.withGrants(grants) : next,
                Optional.of(new NewArtifact(sha256, artifact)));
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

    @Override
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
            byte[] bytes = loadArtifact(version);
            if (!Sha256.hex(bytes).equals(version.sha256())) {
                throw new RegistryException("artifact of " + version.label() + " is damaged in " + location()
                        + ": its sha256 is " + Sha256.hex(bytes) + ", expected " + version.sha256());
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
        persistRemoval(componentId, removed, next);
        state = next;
    }

    private void requireUsable(String componentId) {
        RegistryState.DamagedEntry damaged = state.damaged().get(componentId);
        if (damaged != null) {
            throw new RegistryException("component '" + componentId + "' is disabled because its registry entry is "
                    + "damaged (" + damaged.reason() + "); fix the entry or remove the component");
        }
    }

    private List<HistoryEntry> append(ComponentEntry entry, String action, SemanticVersion version, String detail) {
        List<HistoryEntry> history = new ArrayList<>(entry.history());
        history.add(new HistoryEntry(clock.instant(), action, version.toString(), detail));
        return history;
    }

    private void commit(String componentId, ComponentEntry entry) {
        commit(componentId, entry, Optional.empty());
    }

    private void commit(String componentId, ComponentEntry entry, Optional<NewArtifact> artifact) {
        persist(componentId, entry, artifact);
        state = state.with(componentId, entry);
    }
}
