package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.host.wasi.WasiConfig;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.security.PathPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.groups.Tuple;
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

        WasiConfig options =
                WasiContexts.forComponent("c", admitted(caps), caps, Map.of(), WasiContexts.WasiLimits.DEFAULT);

        assertThat(options.preopens())
                .extracting(WasiConfig.Preopen::guestPath, WasiConfig.Preopen::readOnly)
                .containsExactlyInAnyOrder(Tuple.tuple(in.toString(), true), Tuple.tuple(out.toString(), false));
    }

    @Test
    void seesOnlyGrantedEnvironmentVariables() {
        CapabilitySet caps = CapabilitySet.of(new Capability.EnvironmentVariable(NamePattern.parse("APP_*")));

        WasiConfig options = WasiContexts.forComponent(
                "c",
                admitted(caps),
                caps,
                Map.of("APP_MODE", "prod", "APP_REGION", "eu", "AWS_SECRET_ACCESS_KEY", "x"),
                WasiContexts.WasiLimits.DEFAULT);

        assertThat(options.env()).containsOnlyKeys("APP_MODE", "APP_REGION");
        assertThat(options.args()).containsExactly("c");
    }

    private static CapabilityEnforcer admitted(CapabilitySet caps) {
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10));
        enforcer.admit("c", caps, caps);
        return enforcer;
    }
}
