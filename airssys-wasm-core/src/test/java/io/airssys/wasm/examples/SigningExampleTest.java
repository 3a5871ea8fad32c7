package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.signing.ArtifactSigner;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.signing.TrustStore;
import io.airssys.wasm.testing.TestComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and verifying an artifact, as {@code docs/runtime.md} shows it. */
class SigningExampleTest {

    @TempDir
    Path directory;

    @Test
    void signsAnArtifactAndVerifiesItAgainstTheTrustedKeys() throws Exception {
        byte[] artifact = TestComponents.artifact("order-validator", "1.0.0", 0, "");
        Path trustedKeys = Files.createDirectories(directory.resolve("trusted-keys"));
        Path publisherPem = trustedKeys.resolve("publisher.pem");

        String printed = PrintedOutput.of(() -> {
            // tag::signing[]
            KeyPair key = SigningKeys.generate(); // Ed25519, the JDK's own
            Files.writeString(publisherPem, SigningKeys.toPem(key.getPublic()));
            byte[] signed = ArtifactSigner.sign(artifact, key); // appends the airssys:signature section

            SignatureVerifier verifier = new SignatureVerifier(TrustStore.load(trustedKeys), true);
            System.out.println(verifier.verify("order-validator", signed).orElseThrow()); // the key's fingerprint
            // end::signing[]
        });

        assertThat(printed.strip()).matches("[0-9a-f]{64}");
    }
}
