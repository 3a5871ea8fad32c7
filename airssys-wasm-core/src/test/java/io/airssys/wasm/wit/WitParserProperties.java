package io.airssys.wasm.wit;

import io.airssys.wasm.abi.CanonicalLayout;
import io.airssys.wasm.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * WIT arrives inside untrusted artifacts: it resolves or is refused with a
 * {@link WitParseException}, and the layout of every type it defines is computed or refused with
 * an {@link IllegalArgumentException}. No other exception and no {@link StackOverflowError}.
 */
class WitParserProperties {

    private static final List<String> SEEDS = seeds();

    private static final List<String> VOCABULARY = List.of(
            "list<",
            ">",
            "option<",
            "result<",
            "tuple<",
            "borrow<",
            "own<",
            "{",
            "}",
            "(",
            ")",
            ";",
            ":",
            ",",
            ".",
            "/",
            "@",
            "=",
            "->",
            "%",
            "type ",
            "record ",
            "variant ",
            "enum ",
            "flags ",
            "resource ",
            "use ",
            "include ",
            "import ",
            "export ",
            "interface ",
            "world ",
            "package ",
            "func",
            "static ",
            "constructor",
            "async ",
            "u8",
            "string",
            "future",
            "stream",
            "a",
            "b",
            "x:y/z@1.0.0",
            "@since(version = 1.0.0)",
            "@unstable(feature = f)",
            "/*",
            "*/",
            "//",
            "\n",
            "\uFEFF",
            "1.0.0-",
            "with { a as b }",
            "error-context",
            "_");

    private static List<String> seeds() {
        List<String> texts = new ArrayList<>();
        for (String folder : List.of("/wit/valid", "/wit/abi")) {
            try (Stream<Path> files = Files.list(
                    Path.of(WitParserProperties.class.getResource(folder).toURI()))) {
                for (Path file : files.sorted().toList()) {
                    texts.add(Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return texts;
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Mutations.tokenShuffled(SEEDS, VOCABULARY),
                Mutations.mutatedText(SEEDS),
                Arbitraries.strings()
                        .withChars("abcxyz:/@.{}()<>;,=-_ \n%")
                        .ofMaxLength(200)
                        .map(tail -> "package a:b;\n" + tail));
    }

    @Property(tries = 500_000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void resolvesOrRefusesEveryText(@ForAll("texts") String text) {
        WitResolve wit;
        try {
            wit = WitParser.parse("fuzz.wit", text);
        } catch (WitParseException expected) {
            return;
        }
        for (WitPackage pkg : wit.packages()) {
            for (WitInterface iface : pkg.interfaces().values()) {
                iface.types().values().forEach(WitParserProperties::layout);
                for (WitFunction function : iface.functions().values()) {
                    function.params().forEach(param -> layout(param.type()));
                    function.result().ifPresent(WitParserProperties::layout);
                }
            }
        }
    }

    private static void layout(WitType type) {
        try {
            CanonicalLayout.flatten(type);
            CanonicalLayout.alignment(type);
            CanonicalLayout.size(type);
        } catch (IllegalArgumentException expected) {
            // handles, async types and values over 2 GiB cannot cross the ABI
        }
    }
}
