package io.airssys.wasm.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {

    private static final KeyPair PUBLISHER = SigningKeys.generate();
    private static final KeyPair STRANGER = SigningKeys.generate();
    private static final byte[] ARTIFACT = CustomSectionEditor.append(
            Wat.fixture("calculator"), "airssys:manifest", "[component]\nid = \"calculator\"\nversion = \"1.0.0\"\n");

    private final SignatureVerifier verifier =
            new SignatureVerifier(TrustStore.of(List.of(PUBLISHER.getPublic())), true);

    @Test
    void signedArtifactVerifiesAndNamesItsKey() {
        byte[] signed = ArtifactSigner.sign(ARTIFACT, PUBLISHER);

        assertThat(verifier.verify("calculator", signed)).contains(SigningKeys.fingerprint(PUBLISHER.getPublic()));
        assertThat(WasmModuleReader.read(signed).customSection("airssys:manifest"))
                .isPresent();
    }

    @Test
    void tamperingWithAnySingleByteIsDetected() {
        byte[] signed = ArtifactSigner.sign(ARTIFACT, PUBLISHER);

        for (int i = 0; i < signed.length; i++) {
            byte[] tampered = signed.clone();
            tampered[i] ^= 0x01;
            Throwable thrown = catchThrowable(() -> verifier.verify("calculator", tampered));
            assertThat(thrown).as("flipping byte %d must be refused", i).isInstanceOf(SignatureRejectedException.class);
        }
    }

    @Test
    void tamperingWithTheCodeSaysTheSignatureDoesNotMatch() {
        byte[] signed = ArtifactSigner.sign(ARTIFACT, PUBLISHER);
        byte[] tampered = signed.clone();
        int manifestOffset = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("calculator\"");
        tampered[manifestOffset] = 'k';

        assertThatThrownBy(() -> verifier.verify("calculator", tampered))
                .isInstanceOf(SignatureRejectedException.class)
                .hasMessage("signature of 'calculator' rejected: the signature does not match its content: "
                        + "the artifact was modified after signing or signed with another key");
    }

    @Test
    void signatureByAnUntrustedKeyIsRefused() {
        byte[] signed = ArtifactSigner.sign(ARTIFACT, STRANGER);

        assertThatThrownBy(() -> verifier.verify("calculator", signed))
                .hasMessageContaining("it is signed by key " + SigningKeys.fingerprint(STRANGER.getPublic())
                        + ", which is not trusted");
    }

    @Test
    void signatureClaimingATrustedKeyButMadeWithAnotherIsRefused() {
        KeyPair impostor = new KeyPair(PUBLISHER.getPublic(), STRANGER.getPrivate());
        byte[] forged = ArtifactSigner.sign(ARTIFACT, impostor);

        assertThatThrownBy(() -> verifier.verify("calculator", forged)).hasMessageContaining("does not match");
    }

    @Test
    void unsignedArtifactIsRefusedOnlyWhenSignaturesAreRequired() {
        assertThatThrownBy(() -> verifier.verify("calculator", ARTIFACT))
                .hasMessageContaining("it is unsigned and signatures are required");
        assertThat(new SignatureVerifier(TrustStore.empty(), false).verify("calculator", ARTIFACT))
                .isEmpty();
    }

    @Test
    void presentSignatureIsCheckedEvenWhenNotRequired() {
        byte[] signed = ArtifactSigner.sign(ARTIFACT, STRANGER);

        assertThatThrownBy(() -> new SignatureVerifier(TrustStore.empty(), false).verify("calculator", signed))
                .hasMessageContaining("which is not trusted");
    }

    @Test
    void reSigningReplacesTheSignatureAndTwoSignaturesAreRefused() {
        byte[] twice = ArtifactSigner.sign(ArtifactSigner.sign(ARTIFACT, STRANGER), PUBLISHER);
        assertThat(verifier.verify("calculator", twice)).isPresent();

        byte[] doubled = CustomSectionEditor.append(twice, "airssys:signature", "airssys-signature: 1");
        assertThatThrownBy(() -> verifier.verify("calculator", doubled)).hasMessageContaining("2 signature sections");
    }

    @Test
    void malformedSignatureSectionIsRefusedWithTheReason() {
        byte[] junk = CustomSectionEditor.append(ARTIFACT, "airssys:signature", "hello");

        assertThatThrownBy(() -> verifier.verify("calculator", junk))
                .hasMessageContaining("malformed line in signature section: 'hello'");
    }

    @Test
    void keysRoundTripThroughPemFilesAndLoadIntoATrustStore(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("publisher.pem"), SigningKeys.toPem(PUBLISHER.getPublic()));
        String privatePem = SigningKeys.toPem(PUBLISHER.getPrivate());

        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(SigningKeys.readPrivateKey(privatePem)).isEqualTo(PUBLISHER.getPrivate());
        TrustStore store = TrustStore.load(dir);
        assertThat(store.fingerprints()).containsExactly(SigningKeys.fingerprint(PUBLISHER.getPublic()));
        byte[] signed = ArtifactSigner.sign(
                ARTIFACT, new KeyPair(PUBLISHER.getPublic(), SigningKeys.readPrivateKey(privatePem)));
        assertThat(new SignatureVerifier(store, true).verify("calculator", signed))
                .isPresent();
    }

    @Test
    void invalidKeyFilesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.pem"), "not a key");
        Files.writeString(dir.resolve("private.pem"), SigningKeys.toPem(PUBLISHER.getPrivate()));

        assertThatThrownBy(() -> TrustStore.load(dir.resolve("bad.pem")))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("bad.pem: no PEM block found");
        assertThatThrownBy(() -> TrustStore.load(dir.resolve("private.pem")))
                .hasMessageContaining("expected a PEM 'PUBLIC KEY'");
    }
}
