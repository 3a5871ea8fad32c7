package io.airssys.wasm.manifest;

import io.airssys.wasm.testing.Mutations;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A manifest comes with an untrusted artifact: it parses or is refused with a {@link ManifestException}. */
class ManifestParserProperties {

    private static final List<String> SEEDS =
            List.of(ManifestParserTest.FULL, "[component]\nid = \"a\"\nversion = \"0.0.1\"\n");

    private static final List<String> VOCABULARY = List.of(
            "[",
            "]",
            "[[",
            "]]",
            "{",
            "}",
            "\"",
            "'''",
            "=",
            ",",
            "\n",
            "**",
            "*",
            "..",
            "/",
            "\\u0000",
            "\\",
            "#",
            "9999999999999999999999",
            "-1",
            "1e400",
            "true",
            "inf",
            "nan",
            "0x7f",
            "[permissions]",
            "[component]",
            "read",
            "id",
            "version",
            "\u0000",
            "\uFEFF",
            "\uD800",
            "é",
            "[resources]",
            "memory-max",
            "\"\"\"");

    @Provide
    Arbitrary<String> manifests() {
        return Arbitraries.oneOf(
                Mutations.mutatedText(SEEDS),
                Mutations.tokenShuffled(SEEDS, VOCABULARY),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Property(tries = 40_000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
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
