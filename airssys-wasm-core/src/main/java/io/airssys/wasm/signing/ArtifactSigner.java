package io.airssys.wasm.signing;

import io.airssys.wasm.binary.CustomSectionEditor;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/**
 * Signs a component artifact: appends an {@code airssys:signature} custom section holding an
 * Ed25519 signature over every other byte. Re-signing replaces an earlier signature.
 */
public final class ArtifactSigner {

    private ArtifactSigner() {}

    /**
     * @throws io.airssys.wasm.binary.WasmFormatException if {@code artifact} is not a wasm module
     */
    public static byte[] sign(byte[] artifact, KeyPair key) {
        byte[] unsigned = CustomSectionEditor.strip(artifact, ArtifactSignature.SECTION);
        try {
            Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
            signer.initSign(key.getPrivate());
            signer.update(unsigned);
            ArtifactSignature signature =
                    new ArtifactSignature(SigningKeys.fingerprint(key.getPublic()), signer.sign());
            return CustomSectionEditor.append(unsigned, ArtifactSignature.SECTION, signature.encode());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
