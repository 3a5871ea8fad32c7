package io.airssys.wasm.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code airssys:signature} custom section: which key signed the artifact and the Ed25519
 * signature over every byte of the artifact except this section. Stored as text:
 * <pre>
 * airssys-signature: 1
 * algorithm: ed25519
 * key: &lt;SHA-256 fingerprint of the public key, hex&gt;
 * signature: &lt;base64&gt;
 * </pre>
 */
record ArtifactSignature(String keyFingerprint, byte[] signature) {

    static final String SECTION = "airssys:signature";

    byte[] encode() {
        return ("airssys-signature: 1\nalgorithm: ed25519\nkey: " + keyFingerprint + "\nsignature: "
                        + Base64.getEncoder().encodeToString(signature) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException naming what is malformed
     */
    static ArtifactSignature decode(byte[] payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed line in signature section: '" + line + "'");
            }
            fields.put(line.substring(0, colon), line.substring(colon + 2));
        }
        if (!"1".equals(fields.get("airssys-signature"))) {
            throw new IllegalArgumentException("unsupported signature format " + fields.get("airssys-signature"));
        }
        if (!"ed25519".equals(fields.get("algorithm"))) {
            throw new IllegalArgumentException("unsupported signature algorithm " + fields.get("algorithm"));
        }
        String key = fields.get("key");
        if (key == null || !key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("missing or malformed key fingerprint");
        }
        try {
            return new ArtifactSignature(key, Base64.getDecoder().decode(fields.getOrDefault("signature", "")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not valid base64");
        }
    }
}
