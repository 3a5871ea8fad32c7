package io.airssys.wasm.autoconfigure;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signature policy and audit settings.
 *
 * @param requireSignatures Whether every component must be signed by a trusted key. Signatures
 *                          that are present are always checked.
 * @param trustedKeys       Locations of PEM public keys (Ed25519) whose signatures are trusted for every
 *                          component, e.g. classpath:keys/publisher.pem or file:/etc/app/keys/ops.pem.
 * @param signers           Keys trusted only for some components, by a name of the operator's choosing:
 *                          each key's signature is accepted only on components whose ids match its patterns.
 * @param auditCapacity     How many recent permission decisions are kept in memory for the actuator.
 * @param allowDowngrades   Whether a version lower than the highest stored may be deployed. Off by default,
 *                          so an old, perhaps vulnerable, release cannot be pushed again; rolling back to a
 *                          stored version is always allowed.
 */
@ConfigurationProperties("airssys.wasm.security")
public record WasmSecurityProperties(
        @DefaultValue("false") boolean requireSignatures,
        @DefaultValue List<String> trustedKeys,
        Map<String, Signer> signers,
        @DefaultValue("1000") int auditCapacity,
        @DefaultValue("false") boolean allowDowngrades) {

    public WasmSecurityProperties {
        signers = signers == null ? Map.of() : Map.copyOf(signers);
    }

    /**
     * @param key        Location of the signer's PEM public key (Ed25519).
     * @param components Component ids the key may sign ('*' wildcards), e.g. billing-*.
     */
    public record Signer(String key, @DefaultValue List<String> components) {}
}
