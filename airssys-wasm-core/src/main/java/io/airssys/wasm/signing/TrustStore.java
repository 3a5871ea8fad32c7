package io.airssys.wasm.signing;

import io.airssys.wasm.security.NamePattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The public keys whose signatures the host accepts, by fingerprint. A key may be trusted for
 * every component or only for components whose ids match its patterns, so a team's key cannot
 * sign (and so take over) another team's component.
 */
public final class TrustStore {

    /** A trusted key and the component ids it may sign; empty {@code components} means any. */
    private record Entry(PublicKey key, List<NamePattern> components) {}

    private final Map<String, Entry> keys;

    private TrustStore(Map<String, Entry> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** Keys trusted for every component. */
    public static TrustStore of(Collection<PublicKey> keys) {
        TrustStore store = empty();
        for (PublicKey key : keys) {
            store = store.with(key);
        }
        return store;
    }

    public static TrustStore empty() {
        return new TrustStore(Map.of());
    }

    /**
     * Loads a PEM public key file, or every {@code *.pem} file of a directory.
     *
     * @throws InvalidKeyException naming the file that holds no public key
     */
    public static TrustStore load(Path fileOrDirectory) {
        try (Stream<Path> files = Files.isDirectory(fileOrDirectory)
                ? Files.list(fileOrDirectory)
                        .filter(p -> p.toString().endsWith(".pem"))
                        .sorted()
                : Stream.of(fileOrDirectory)) {
            return of(files.map(TrustStore::readKey).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted keys from " + fileOrDirectory, e);
        }
    }

    private static PublicKey readKey(Path file) {
        try {
            return SigningKeys.readPublicKey(Files.readString(file));
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Optional<PublicKey> key(String fingerprint) {
        return Optional.ofNullable(keys.get(fingerprint)).map(Entry::key);
    }

    /** Whether the key may sign the component: trusted for every component, or one of its patterns matches. */
    public boolean allows(String fingerprint, String componentId) {
        Entry entry = keys.get(fingerprint);
        return entry != null
                && (entry.components().isEmpty()
                        || entry.components().stream().anyMatch(pattern -> pattern.matches(componentId)));
    }

    /** The component id patterns a key may sign; empty for a key trusted for every component. */
    public List<NamePattern> scope(String fingerprint) {
        Entry entry = keys.get(fingerprint);
        return entry == null ? List.of() : entry.components();
    }

    public Set<String> fingerprints() {
        return keys.keySet();
    }

    /** This store plus a key trusted for every component. */
    public TrustStore with(PublicKey key) {
        return with(key, List.of());
    }

    /** This store plus a key trusted only for components whose ids match {@code components}. */
    public TrustStore with(PublicKey key, List<NamePattern> components) {
        Map<String, Entry> more = new TreeMap<>(keys);
        more.put(SigningKeys.fingerprint(key), new Entry(key, List.copyOf(components)));
        return new TrustStore(more);
    }
}
