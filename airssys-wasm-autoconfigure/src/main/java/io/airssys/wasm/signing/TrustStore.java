package io.airssys.wasm.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The public keys whose signatures the host accepts, by fingerprint. */
public final class TrustStore {

    private final Map<String, PublicKey> keys;

    private TrustStore(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static TrustStore of(Collection<PublicKey> keys) {
        Map<String, PublicKey> byFingerprint = new TreeMap<>();
        keys.forEach(key -> byFingerprint.put(SigningKeys.fingerprint(key), key));
        return new TrustStore(byFingerprint);
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
                ? Files.list(fileOrDirectory).filter(p -> p.toString().endsWith(".pem")).sorted()
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
        return Optional.ofNullable(keys.get(fingerprint));
    }

    public java.util.Set<String> fingerprints() {
        return keys.keySet();
    }

    public TrustStore with(PublicKey key) {
        Map<String, PublicKey> more = new TreeMap<>(keys);
        more.put(SigningKeys.fingerprint(key), key);
        return new TrustStore(more);
    }
}
