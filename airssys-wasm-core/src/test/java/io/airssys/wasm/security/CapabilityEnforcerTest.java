package io.airssys.wasm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.security.Capability.EnvironmentVariable;
import io.airssys.wasm.security.Capability.FilesystemRead;
import io.airssys.wasm.security.Capability.FilesystemWrite;
import io.airssys.wasm.security.Capability.MessagingSendTo;
import io.airssys.wasm.security.Capability.NetworkOutbound;
import io.airssys.wasm.security.Capability.StorageQuota;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityEnforcerTest {

    @TempDir
    Path root;

    private final AuditLog audit = new AuditLog(100);
    private final CapabilityEnforcer enforcer = new CapabilityEnforcer(audit);
    private Path data;
    private Path secret;

    @BeforeEach
    void layOutFiles() throws IOException {
        root = root.toRealPath();
        data = Files.createDirectories(root.resolve("data/in"));
        Files.createDirectories(root.resolve("data/out"));
        Files.writeString(data.resolve("a.txt"), "a");
        secret = Files.writeString(root.resolve("secret.txt"), "s");
        CapabilitySet both = CapabilitySet.of(
                new FilesystemRead(PathPattern.parse(root + "/data/in/**")),
                new FilesystemWrite(PathPattern.parse(root + "/data/out/*")),
                new NetworkOutbound(HostPattern.parse("https://api.example.com")),
                new EnvironmentVariable(NamePattern.parse("APP_MODE")),
                new MessagingSendTo(NamePattern.parse("billing")),
                new StorageQuota(1024));
        enforcer.admit(
                "reader",
                both,
                CapabilitySet.of(
                        new FilesystemWrite(PathPattern.parse(root + "/data/**")),
                        new NetworkOutbound(HostPattern.parse("https://*.example.com")),
                        new EnvironmentVariable(NamePattern.parse("APP_*")),
                        new MessagingSendTo(NamePattern.parse("*")),
                        new StorageQuota(4096)));
    }

    @Test
    void allowsWhatWasRequestedAndGranted() {
        FileAccess read = enforcer.checkRead("reader", data + "/a.txt");
        assertThat(read.anchor().path()).isEqualTo(data);
        assertThat(read.names()).containsExactly("a.txt");
        FileAccess write = enforcer.checkWrite("reader", root + "/data/out/new.txt");
        assertThat(write.anchor().path()).isEqualTo(root.resolve("data/out"));
        assertThat(write.names()).containsExactly("new.txt");
        assertThat(enforcer.checkOutbound("reader", "https://api.example.com/v1/orders")
                        .getHost())
                .isEqualTo("api.example.com");
        enforcer.checkEnvironment("reader", "APP_MODE");
        enforcer.checkSendTo("reader", "billing");
        assertThat(enforcer.storageQuota("reader")).isEqualTo(1024);
    }

    @Test
    void holdsOnlyWhatItRequestedNotEverythingGranted() {
        assertThatThrownBy(() -> enforcer.checkOutbound("reader", "https://other.example.com/"))
                .isInstanceOf(CapabilityDeniedException.class);
        assertThatThrownBy(() -> enforcer.checkEnvironment("reader", "APP_SECRET"))
                .hasMessage("'reader' may not env.read APP_SECRET: variable not granted");
        assertThatThrownBy(() -> enforcer.checkSendTo("reader", "audit"))
                .hasMessageContaining("target not in [permissions.messaging] send-to");
    }

    @Test
    void readOnlyGrantDoesNotAllowWriting() {
        assertThatThrownBy(() -> enforcer.checkWrite("reader", data + "/a.txt"))
                .isInstanceOf(CapabilityDeniedException.class)
                .hasMessageContaining("no granted path pattern matches");
    }

    @Test
    void dotDotCannotClimbOutOfAGrantedDirectory() {
        assertThatThrownBy(() -> enforcer.checkRead("reader", data + "/../../secret.txt"))
                .isInstanceOf(CapabilityDeniedException.class)
                .hasMessageContaining("no granted path pattern matches " + secret);
        assertThatThrownBy(() ->
                        enforcer.checkRead("reader", data + "/../in/../../../" + root.getFileName() + "/secret.txt"))
                .isInstanceOf(CapabilityDeniedException.class);
    }

    @Test
    void absoluteAndRelativeEscapesAreDenied() {
        assertThatThrownBy(() -> enforcer.checkRead("reader", "/etc/passwd"))
                .isInstanceOf(CapabilityDeniedException.class);
        assertThatThrownBy(() -> enforcer.checkRead("reader", "a.txt")).hasMessageContaining("path must be absolute");
        assertThatThrownBy(() -> enforcer.checkRead("reader", data + "/a.txt\0.png"))
                .hasMessageContaining("NUL");
    }

    @Test
    void anAccessIsAnchoredAtTheOutermostDirectoryOfTheComponentsPatterns() {
        CapabilitySet nested = CapabilitySet.of(
                new FilesystemWrite(PathPattern.parse(root + "/data/**")),
                new FilesystemRead(PathPattern.parse(root + "/data/in/*.txt")));
        enforcer.admit("nested", nested, nested);

        FileAccess access = enforcer.checkRead("nested", data + "/a.txt");

        assertThat(access.anchor().path())
                .as("the component can rewrite data/in through its data/** grant, so data/in cannot be its anchor")
                .isEqualTo(root.resolve("data"));
        assertThat(access.names()).containsExactly("in", "a.txt");
        assertThat(access.path()).isEqualTo(data.resolve("a.txt").toString());
    }

    @Test
    void checkingAPathTouchesNoFile() throws IOException {
        Files.createSymbolicLink(data.resolve("escape.txt"), secret);

        FileAccess access = enforcer.checkRead("reader", data + "/escape.txt");

        assertThat(access.names())
                .as("links are refused when the host walks the names, not resolved here")
                .containsExactly("escape.txt");
    }

    @Test
    void refusesADeploymentThatAsksForMoreThanItIsGrantedListingWhatIsMissing() {
        CapabilitySet requested = CapabilitySet.of(
                new FilesystemRead(PathPattern.parse("/etc/**")),
                new NetworkOutbound(HostPattern.parse("https://api.example.com")),
                new StorageQuota(10_000));
        CapabilitySet granted = CapabilitySet.of(
                new NetworkOutbound(HostPattern.parse("https://*.example.com")), new StorageQuota(1_000));

        assertThatThrownBy(() -> enforcer.admit("greedy", requested, granted))
                .isInstanceOfSatisfying(
                        CapabilitiesRefusedException.class,
                        e -> assertThat(e.missing())
                                .containsExactly(
                                        requested.capabilities().get(0),
                                        requested.capabilities().get(2)))
                .hasMessageContaining("'greedy' requests capabilities it is not granted: "
                        + "[filesystem.read /etc/**, storage.quota 10000 bytes]");
        assertThatThrownBy(() -> enforcer.checkOutbound("greedy", "https://api.example.com"))
                .hasMessageContaining("the component is not admitted");
    }

    @Test
    void unknownAndRevokedComponentsMayDoNothing() {
        enforcer.revoke("reader");

        assertThatThrownBy(() -> enforcer.checkRead("reader", data + "/a.txt"))
                .hasMessageContaining("the component is not admitted");
        assertThat(enforcer.storageQuota("reader")).isZero();
    }

    @Test
    void everyDecisionIsAudited() {
        long before = audit.recorded();
        enforcer.checkRead("reader", data + "/a.txt");
        assertThatThrownBy(() -> enforcer.checkRead("reader", "/etc/passwd"));

        assertThat(audit.recorded()).isEqualTo(before + 2);
        assertThat(audit.recent()).last().satisfies(event -> {
            assertThat(event.allowed()).isFalse();
            assertThat(event.component()).isEqualTo("reader");
            assertThat(event.action()).isEqualTo("filesystem.read");
            assertThat(event.target()).isEqualTo("/etc/passwd");
        });
    }

    @Test
    void auditRingCountsWhatItEvicts() {
        AuditLog small = new AuditLog(3);
        for (int i = 0; i < 10; i++) {
            small.record("c", "env.read", "V" + i, false, "test");
        }

        assertThat(small.recent()).extracting(AuditEvent::target).containsExactly("V7", "V8", "V9");
        assertThat(small.recorded()).isEqualTo(10);
        assertThat(small.evicted()).isEqualTo(7);
    }
}
