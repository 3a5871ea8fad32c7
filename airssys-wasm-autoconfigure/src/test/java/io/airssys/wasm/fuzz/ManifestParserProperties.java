package io.airssys.wasm.fuzz;

import io.airssys.wasm.manifest.ManifestException;
import io.airssys.wasm.manifest.ManifestParser;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A manifest comes with an untrusted artifact: it parses or is refused with a {@link ManifestException}. */
class ManifestParserProperties {

    private static final List<String> SEEDS = List.of("""
            [component]
            id = "order-validator"
            version = "1.4.0-rc.1+build.7"
            world = "airssys:core/component@1.0.0"
            description = "Validates orders"

            [permissions.filesystem]
            read = ["/data/in/**", "/data/*/x/*.txt"]
            write = ["/data/out/*"]

            [permissions.network]
            outbound = ["https://api.example.com", "https://*.example.org:8443", "http://[::1]:8000-9000"]

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
            table-elements-max = 1000
            """, "[component]\nid = \"a\"\nversion = \"0.0.1\"\n");

    private static final List<String> VOCABULARY = List.of("[", "]", "[[", "]]", "{", "}", "\"", "'''", "=", ",",
            "\n", "**", "*", "..", "/", "\\u0000", "\\", "#", "9999999999999999999999", "-1", "1e400", "true",
            "inf", "nan", "0x7f", "[permissions]", "[component]", "read", "id", "version", "\u0000", "\uFEFF",
            "\uD800", "é", "[resources]", "memory-max", "\"\"\"");

    @Provide
    Arbitrary<String> manifests() {
        return Arbitraries.oneOf(Mutations.mutatedText(SEEDS), Mutations.tokenShuffled(SEEDS, VOCABULARY),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Property(tries = 60_000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void parsesOrRefusesEveryManifest(@ForAll("manifests") String text) {
        try {
            ManifestParser.parse("Component.toml", text);
        } catch (ManifestException expected) {
            // refused with a line and column
        }
        try {
            ManifestParser.parseGrants("grants.toml", text);
        } catch (ManifestException expected) {
            // refused with a line and column
        }
    }
}
