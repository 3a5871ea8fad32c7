package io.airssys.wasm.signing;

import io.airssys.wasm.binary.CustomSection;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.binary.WasmFormatException;
import io.airssys.wasm.binary.WasmModuleReader;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Optional;

/**
 * Checks a component artifact's signature against the trust store. With
 * {@code requireSignatures}, an unsigned artifact is refused; a signature that is present is
 * always checked, whatever the policy.
 */
public final class SignatureVerifier {

    private final TrustStore trustStore;
    private final boolean requireSignatures;

    public SignatureVerifier(TrustStore trustStore, boolean requireSignatures) {
        this.trustStore = trustStore;
        this.requireSignatures = requireSignatures;
    }

    public boolean requiresSignatures() {
        return requireSignatures;
    }

    /**
     * Returns the fingerprint of the key that signed {@code artifact}, or empty for an unsigned
     * artifact the policy allows. {@code component} is {@code id} or {@code id@version}; a key
     * trusted only for some components must match the id.
     *
     * @throws SignatureRejectedException with the reason it is refused
     */
    public Optional<String> verify(String component, byte[] artifact) {
        List<CustomSection> sections;
        try {
            sections = WasmModuleReader.read(artifact).customSections(ArtifactSignature.SECTION);
        } catch (WasmFormatException e) {
            throw new SignatureRejectedException(component, "the artifact is malformed (" + e.getMessage() + ")");
        }
        if (sections.isEmpty()) {
            if (requireSignatures) {
                throw new SignatureRejectedException(
                        component,
                        "it is unsigned and signatures are required "
                                + "(airssys.wasm.security.require-signatures=true)");
            }
            return Optional.empty();
        }
        if (sections.size() > 1) {
            throw new SignatureRejectedException(component, "it has " + sections.size() + " signature sections");
        }
        ArtifactSignature signature;
        try {
            signature = ArtifactSignature.decode(sections.get(0).payload());
        } catch (IllegalArgumentException e) {
            throw new SignatureRejectedException(component, e.getMessage());
        }
        PublicKey key = trustStore
                .key(signature.keyFingerprint())
                .orElseThrow(() -> new SignatureRejectedException(
                        component, "it is signed by key " + signature.keyFingerprint() + ", which is not trusted"));
        String componentId = component.contains("@") ? component.substring(0, component.indexOf('@')) : component;
        if (!trustStore.allows(signature.keyFingerprint(), componentId)) {
            throw new SignatureRejectedException(
                    component,
                    "it is signed by key " + signature.keyFingerprint() + ", which is trusted only for components "
                            + trustStore.scope(signature.keyFingerprint()));
        }
        byte[] signed = CustomSectionEditor.strip(artifact, ArtifactSignature.SECTION);
        if (!matches(key, signed, signature.signature())) {
            throw new SignatureRejectedException(
                    component,
                    "the signature does not match its content: "
                            + "the artifact was modified after signing or signed with another key");
        }
        return Optional.of(signature.keyFingerprint());
    }

    private static boolean matches(PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
