package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.signing.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WasmSecurityAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WasmSecurityAutoConfiguration.class));

    @Test
    void allowsUnsignedComponentsByDefault() {
        runner.run(
                context -> assertThat(context.getBean(SignatureVerifier.class).requiresSignatures())
                        .isFalse());
    }

    @Test
    void loadsTrustedKeysFromResources(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(
                dir.resolve("k.pem"), SigningKeys.toPem(SigningKeys.generate().getPublic()));

        runner.withPropertyValues(
                        "airssys.wasm.security.trusted-keys=file:" + key,
                        "airssys.wasm.security.require-signatures=true")
                .run(context -> assertThat(
                                context.getBean(SignatureVerifier.class).requiresSignatures())
                        .isTrue());
    }

    @Test
    void backsOffForAnApplicationVerifier() {
        runner.withUserConfiguration(OwnVerifier.class)
                .run(context ->
                        assertThat(context.getBean(SignatureVerifier.class)).isSameAs(context.getBean("ownVerifier")));
    }

    @Test
    void backsOffWithoutTheSigningClasses() {
        runner.withClassLoader(new FilteredClassLoader(SignatureVerifier.class))
                .run(context -> assertThat(context).doesNotHaveBean(SignatureVerifier.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnVerifier {
        @Bean
        SignatureVerifier ownVerifier() {
            return new SignatureVerifier(TrustStore.empty(), true);
        }
    }
}
