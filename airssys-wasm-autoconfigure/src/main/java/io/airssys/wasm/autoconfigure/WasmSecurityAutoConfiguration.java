package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.signing.InvalidKeyException;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.signing.TrustStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The signature policy: trusted keys and whether signatures are required. */
@AutoConfiguration
@ConditionalOnClass(SignatureVerifier.class)
@EnableConfigurationProperties(WasmSecurityProperties.class)
public class WasmSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public SignatureVerifier wasmSignatureVerifier(WasmSecurityProperties properties, ResourceLoader resources) {
        List<PublicKey> keys = new ArrayList<>();
        List<String> locations = properties.trustedKeys();
        for (int i = 0; i < locations.size(); i++) {
            String property = "airssys.wasm.security.trusted-keys[" + i + "]";
            Resource resource = resources.getResource(locations.get(i));
            try {
                keys.add(SigningKeys.readPublicKey(resource.getContentAsString(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new InvalidWasmConfigurationException(property, locations.get(i), "cannot be read: "
                        + e.getMessage(), e);
            } catch (InvalidKeyException e) {
                throw new InvalidWasmConfigurationException(property, locations.get(i), e.getMessage(), e);
            }
        }
        return new SignatureVerifier(TrustStore.of(keys), properties.requireSignatures());
    }
}
