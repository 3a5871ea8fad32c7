package io.airssys.wasm.registry;

import io.airssys.wasm.registry.RegistryState.ComponentEntry;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of one application instance, in a directory: every artifact as
 * {@code artifacts/<sha256>.wasm}, and {@code registry.toml} the index of every component. Every
 * change rewrites the index atomically (temporary file, fsync, rename, fsync of the directory),
 * so after a crash at any point the registry reopens in the state before or after the change,
 * never between; artifacts are written before the index refers to them. A damaged component
 * entry disables only that component ({@link #damaged()}): it is kept as found, a copy of the
 * index is saved beside it, and its artifacts are kept. Artifacts no entry refers to are
 * deleted at start.
 */
public final class FileComponentRegistry extends ComponentRegistry {

    private static final Logger log = LoggerFactory.getLogger(FileComponentRegistry.class);
    static final String INDEX = "registry.toml";

    private final Path root;
    private final Path artifacts;
    private final AtomicFileWriter writer;

    FileComponentRegistry(Path root, Clock clock, AtomicFileWriter writer) {
        super(clock, RegistryState.empty());
        this.root = root;
        this.artifacts = root.resolve("artifacts");
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
                                "component '{}' is disabled: {} (the index as found is saved in {})",
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
    public static FileComponentRegistry open(Path root) {
        return new FileComponentRegistry(root, Clock.systemUTC(), AtomicFileWriter.DEFAULT);
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    void persist(String componentId, ComponentEntry entry, Optional<NewArtifact> artifact) {
        if (artifact.isPresent()) {
            Path file = artifactPath(artifact.get().sha256());
            try {
                if (!Files.exists(file)) {
                    writer.write(file, artifact.get().bytes());
                }
            } catch (IOException e) {
                throw new RegistryException("cannot store an artifact of '" + componentId + "': " + e.getMessage(), e);
            }
        }
        write(state.with(componentId, entry));
    }

    @Override
    void persistRemoval(String componentId, List<StoredVersion> removed, RegistryState next) {
        write(next);
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

    @Override
    byte[] loadArtifact(StoredVersion version) throws IOException {
        return Files.readAllBytes(artifactPath(version.sha256()));
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
