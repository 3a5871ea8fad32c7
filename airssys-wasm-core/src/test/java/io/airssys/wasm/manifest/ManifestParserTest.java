package io.airssys.wasm.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.HostPattern;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.security.PathPattern;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestParserTest {

    static final String FULL = """
            [component]
            id = "order-validator"
            version = "1.4.0-rc.1"
            world = "airssys:core/component@1.0.0"
            description = "Validates orders"

            [permissions.filesystem]
            read = ["/data/in/**"]
            write = ["/data/out/*"]

            [permissions.network]
            outbound = ["https://api.example.com", "https://*.example.org:8443"]

            [permissions.env]
            vars = ["APP_MODE", "LOG_*"]

            [permissions.storage]
            quota = "10MiB"

            [permissions.messaging]
            send-to = ["billing", "audit-*"]

            [resources]
            memory-max = "32MiB"
            timeout = "500ms"
            instances = 8
            fuel = 50000000
            """;

    @Test
    void readsEverySection() {
        ComponentManifest manifest = ManifestParser.parse("Component.toml", FULL);

        assertThat(manifest.id()).isEqualTo("order-validator");
        assertThat(manifest.version()).isEqualTo(SemanticVersion.parse("1.4.0-rc.1"));
        assertThat(manifest.label()).isEqualTo("order-validator@1.4.0-rc.1");
        assertThat(manifest.world()).contains("airssys:core/component@1.0.0");
        assertThat(manifest.description()).contains("Validates orders");
        assertThat(manifest.requested().capabilities())
                .containsExactly(
                        new Capability.FilesystemRead(PathPattern.parse("/data/in/**")),
                        new Capability.FilesystemWrite(PathPattern.parse("/data/out/*")),
                        new Capability.NetworkOutbound(HostPattern.parse("https://api.example.com")),
                        new Capability.NetworkOutbound(HostPattern.parse("https://*.example.org:8443")),
                        new Capability.EnvironmentVariable(NamePattern.parse("APP_MODE")),
                        new Capability.EnvironmentVariable(NamePattern.parse("LOG_*")),
                        new Capability.StorageQuota(10L * 1024 * 1024),
                        new Capability.MessagingSendTo(NamePattern.parse("billing")),
                        new Capability.MessagingSendTo(NamePattern.parse("audit-*")));
        assertThat(manifest.resources().memoryMaxBytes()).hasValue(32L * 1024 * 1024);
        assertThat(manifest.resources().timeout()).contains(Duration.ofMillis(500));
        assertThat(manifest.resources().instances()).hasValue(8);
        assertThat(manifest.resources().fuel()).hasValue(50_000_000);
    }

    @Test
    void needsOnlyIdAndVersion() {
        ComponentManifest manifest = ManifestParser.parse("min.toml", "[component]\nid = \"x\"\nversion = \"0.1.0\"\n");

        assertThat(manifest.requested().capabilities()).isEmpty();
        assertThat(manifest.resources()).isEqualTo(ResourceLimits.UNSPECIFIED);
        assertThat(manifest.world()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown top-level table  | [component]\\nid = "a"\\nversion = "1.0.0"\\n[extras]\\nx = 1                | 4 | unknown key 'extras' at top level
            unknown permission key   | [component]\\nid = "a"\\nversion = "1.0.0"\\n[permissions.network]\\noutbund = []  | 5 | unknown key 'outbund' in [permissions.network]; expected one of [outbound]
            missing component        | [resources]\\ninstances = 2                                                | 1 | missing [component] table
            missing version          | [component]\\nid = "a"                                                     | 1 | [component] needs a version
            bad id                   | [component]\\nid = "Order_Validator"\\nversion = "1.0.0"                   | 2 | id 'Order_Validator' must be lowercase kebab-case
            bad version              | [component]\\nid = "a"\\nversion = "1.0"                                   | 3 | '1.0' is not a semantic version
            bad world                | [component]\\nid = "a"\\nversion = "1.0.0"\\nworld = "component"           | 4 | world 'component' must be a WIT world name
            bad host pattern         | [component]\\nid = "a"\\nversion = "1.0.0"\\n[permissions.network]\\noutbound = ["https://ok.org",\\n "api.example.com"] | 6 | 'api.example.com' is not a host pattern
            relative path            | [component]\\nid = "a"\\nversion = "1.0.0"\\n[permissions.filesystem]\\nread = ["data/**"] | 5 | path pattern 'data/**' must be absolute
            string instead of array  | [component]\\nid = "a"\\nversion = "1.0.0"\\n[permissions.env]\\nvars = "HOME" | 5 | [permissions.env] vars must be an array of strings
            bad size                 | [component]\\nid = "a"\\nversion = "1.0.0"\\n[resources]\\nmemory-max = "lots" | 5 | [resources] memory-max must be a size such as "16MiB"
            fuel of zero             | [component]\\nid = "a"\\nversion = "1.0.0"\\n[resources]\\nfuel = 0 | 5 | [resources] fuel must be a whole number of at least 1, was 0
            bad duration             | [component]\\nid = "a"\\nversion = "1.0.0"\\n[resources]\\ntimeout = "fast" | 5 | [resources] timeout must be a positive duration
            duration past a long     | [component]\\nid = "a"\\nversion = "1.0.0"\\n[resources]\\ntimeout = "11111111111111111500ms" | 5 | [resources] timeout must be a positive duration
            minutes past a duration  | [component]\\nid = "a"\\nversion = "1.0.0"\\n[resources]\\ntimeout = "9223372036854775807m" | 5 | [resources] timeout must be a positive duration
            port past an int         | [component]\\nid = "a"\\nversion = "1.0.0"\\n[permissions.network]\\noutbound = ["https://ok.org:99999999999"] | 5 | port must be 1-65535
            too many instances       | [component]\\nid = "a"\\nversion = "1.0.0"\\n[resources]\\ninstances = 5000 | 5 | instances must be a whole number from 1 to 1024, was 5000
            not toml                 | [component\\nid = "a"                                                      | 1 | not valid TOML
            """)
    void refusesBadManifestsWithTheLine(String name, String text, int line, String reason) {
        ManifestException e = catchThrowableOfType(
                ManifestException.class, () -> ManifestParser.parse("Component.toml", text.replace("\\n", "\n")));

        assertThat(e).as(name).isNotNull();
        assertThat(e.line()).as(name).isEqualTo(line);
        assertThat(e.reason()).as(name).contains(reason);
        assertThat(e.getMessage()).startsWith("Component.toml:" + line + ":");
    }

    @Test
    void grantsAreWrittenWithTheSamePermissionTables() {
        var grants = ManifestParser.parseGrants("grants.toml", """
                [permissions.network]
                outbound = ["https://*.example.com"]
                [permissions.storage]
                quota = 4096
                """);

        assertThat(grants.capabilities())
                .containsExactly(
                        new Capability.NetworkOutbound(HostPattern.parse("https://*.example.com")),
                        new Capability.StorageQuota(4096));
        assertThat(catchThrowableOfType(
                                ManifestException.class,
                                () -> ManifestParser.parseGrants("grants.toml", "[component]\nid = \"x\"\n"))
                        .line())
                .isEqualTo(1);
    }

    @Test
    void versionsOrderBySemverPrecedence() {
        assertThat(SemanticVersion.parse("1.0.0-alpha")).isLessThan(SemanticVersion.parse("1.0.0-alpha.1"));
        assertThat(SemanticVersion.parse("1.0.0-alpha.beta")).isLessThan(SemanticVersion.parse("1.0.0-beta"));
        assertThat(SemanticVersion.parse("1.0.0-rc.1")).isLessThan(SemanticVersion.parse("1.0.0"));
        assertThat(SemanticVersion.parse("1.0.0-2")).isLessThan(SemanticVersion.parse("1.0.0-11"));
        assertThat(SemanticVersion.parse("1.10.0")).isGreaterThan(SemanticVersion.parse("1.9.9"));
        assertThat(SemanticVersion.parse("1.0.0+build.7").compareTo(SemanticVersion.parse("1.0.0")))
                .isZero();
    }

    @Test
    void anUnknownQuotedKeyIsReportedLikeAnyOther() {
        ManifestException e = catchThrowableOfType(
                ManifestException.class,
                () -> ManifestParser.parse(
                        "Component.toml",
                        "[component]\nid = \"a\"\nversion = \"1.0.0\"\n[permissions.\"https://x.example:8443\"]\n"));

        assertThat(e).hasMessageContaining("unknown key 'https://x.example:8443' in [permissions]");
    }
}
