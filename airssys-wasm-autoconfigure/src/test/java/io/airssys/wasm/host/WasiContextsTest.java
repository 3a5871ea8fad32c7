package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.engine.WasiOptions;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.security.PathPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiContextsTest {

    @TempDir
    Path root;

    @Test
    void preopensWholeDirectoryGrantsReadOnlyUnlessWritingIsGranted() throws IOException {
        Path in = Files.createDirectories(root.resolve("in"));
        Path out = Files.createDirectories(root.resolve("out"));
        Path docs = Files.createDirectories(root.resolve("docs"));
        CapabilitySet caps = CapabilitySet.of(
                new Capability.FilesystemRead(PathPattern.parse(in + "/**")),
                new Capability.FilesystemRead(PathPattern.parse(out + "/**")),
                new Capability.FilesystemWrite(PathPattern.parse(out + "/**")),
                new Capability.FilesystemRead(PathPattern.parse(docs + "/*.txt")),
                new Capability.FilesystemRead(PathPattern.parse(root + "/missing/**")));

        WasiOptions options = WasiContexts.forComponent("c", caps, Map.of());

        assertThat(options.preopens()).containsExactlyInAnyOrder(
                new WasiOptions.Preopen(in, in.toString(), true),
                new WasiOptions.Preopen(out, out.toString(), false));
    }

    @Test
    void seesOnlyGrantedEnvironmentVariables() {
        CapabilitySet caps = CapabilitySet.of(new Capability.EnvironmentVariable(NamePattern.parse("APP_*")));

        WasiOptions options = WasiContexts.forComponent("c", caps,
                Map.of("APP_MODE", "prod", "APP_REGION", "eu", "AWS_SECRET_ACCESS_KEY", "x"));

        assertThat(options.env()).containsOnlyKeys("APP_MODE", "APP_REGION");
        assertThat(options.args()).containsExactly("c");
    }
}
