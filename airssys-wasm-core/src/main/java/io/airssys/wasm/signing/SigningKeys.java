package io.airssys.wasm.signing;

import io.airssys.wasm.Sha256;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Ed25519 keys: generation, PEM encoding ({@code PRIVATE KEY} PKCS#8 and {@code PUBLIC KEY}
 * SubjectPublicKeyInfo, as {@code openssl genpkey -algorithm ed25519} writes them) and
 * fingerprints. Keys are the JDK's own; bcpkix only reads and writes PEM.
 */
public final class SigningKeys {

    static final String ALGORITHM = "Ed25519";

    private SigningKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate Ed25519 keys", e);
        }
    }

    public static String toPem(PrivateKey key) {
        return pem(key);
    }

    public static String toPem(PublicKey key) {
        return pem(key);
    }

    /**
     * @throws InvalidKeyException if the text holds no Ed25519 private key
     */
    public static PrivateKey readPrivateKey(String pem) {
        Object object = readPemObject(pem);
        if (!(object instanceof PrivateKeyInfo info)) {
            throw new InvalidKeyException("expected a PEM 'PRIVATE KEY' (PKCS#8), found " + describe(object));
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidKeyException("not an Ed25519 private key: " + e.getMessage());
        }
    }

    /**
     * @throws InvalidKeyException if the text holds no Ed25519 public key
     */
    public static PublicKey readPublicKey(String pem) {
        Object object = readPemObject(pem);
        if (!(object instanceof SubjectPublicKeyInfo info)) {
            throw new InvalidKeyException("expected a PEM 'PUBLIC KEY', found " + describe(object));
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidKeyException("not an Ed25519 public key: " + e.getMessage());
        }
    }

    /**
     * Writes a private key as PEM to a new file readable and writable by its owner only (0600),
     * set when the file is created, so the key is never readable by others, not even briefly.
     * On a file system without POSIX permissions the file gets the directory's default access.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists; a key is never overwritten
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, toPem(key), StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo encoding, in hex: how signatures name their key. */
    public static String fingerprint(PublicKey key) {
        return Sha256.hex(key.getEncoded());
    }

    private static String pem(Object key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Object readPemObject(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new InvalidKeyException("no PEM block found");
            }
            return object;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidKeyException invalid) {
                throw invalid;
            }
            throw new InvalidKeyException("malformed PEM: " + e.getMessage());
        }
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }
}
