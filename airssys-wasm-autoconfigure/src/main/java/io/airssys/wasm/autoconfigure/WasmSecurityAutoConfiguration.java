package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.signing.InvalidKeyException;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.signing.TrustStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The signature policy: trusted keys and whether signatures are required. */
@AutoConfiguration
@ConditionalOnClass(SignatureVerifier.class)
@ConditionalOnBooleanProperty(name = "airssys.wasm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WasmSecurityProperties.class)
public final class WasmSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SignatureVerifier wasmSignatureVerifier(WasmSecurityProperties properties, ResourceLoader resources) {
        TrustStore trust = TrustStore.empty();
        List<String> locations = properties.trustedKeys();
        for (int i = 0; i < locations.size(); i++) {
            trust = trust.with(readKey(resources, "airssys.wasm.security.trusted-keys[" + i + "]", locations.get(i)));
        }
        for (Map.Entry<String, WasmSecurityProperties.Signer> signer :
                properties.signers().entrySet()) {
            String prefix = "airssys.wasm.security.signers." + signer.getKey();
            if (signer.getValue().key() == null) {
                throw new InvalidWasmConfigurationException(prefix + ".key", "", "a signer needs a key location", null);
            }
            List<NamePattern> components = new ArrayList<>();
            for (String pattern : signer.getValue().components()) {
                try {
                    components.add(NamePattern.parse(pattern));
                } catch (IllegalArgumentException e) {
                    throw new InvalidWasmConfigurationException(prefix + ".components", pattern, e.getMessage(), e);
                }
            }
            if (components.isEmpty()) {
                throw new InvalidWasmConfigurationException(
                        prefix + ".components",
                        "",
                        "name the components the key may sign, or list it under trusted-keys",
                        null);
            }
            trust = trust.with(
                    readKey(resources, prefix + ".key", signer.getValue().key()), components);
        }
        return new SignatureVerifier(trust, properties.requireSignatures());
    }

    private static PublicKey readKey(ResourceLoader resources, String property, String location) {
        Resource resource = resources.getResource(location);
        try {
            return SigningKeys.readPublicKey(resource.getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidWasmConfigurationException(property, location, "cannot be read: " + e.getMessage(), e);
        } catch (InvalidKeyException e) {
            throw new InvalidWasmConfigurationException(property, location, e.getMessage(), e);
        }
    }
}
