package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java shown in the documents is code that compiles and runs: every {@code java} block of the
 * README and {@code docs/} follows an {@code <!-- example: name -->} marker and shows exactly
 * the region between {@code // tag::name[]} and {@code // end::name[]} of a compiled source
 * (the example tests here, or the sample application).
 */
class DocumentedExamplesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<Path> SOURCES = List.of(
            ROOT.resolve("airssys-wasm-core/src/test/java/io/airssys/wasm/examples"),
            ROOT.resolve("airssys-wasm-cli/src/test/java/io/airssys/wasm/cli"),
            ROOT.resolve("sample-app/src/main/java"));
    private static final String MARKER = "<!-- example: ";

    static Stream<Path> documents() throws IOException {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            return Stream.concat(
                    Stream.of(ROOT.resolve("README.md")),
                    docs.filter(p -> p.toString().endsWith(".md")).sorted().toList().stream());
        }
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyJavaBlockIsACompiledExample(Path document) throws IOException {
        List<String> lines = Files.readAllLines(document);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("```java")) {
                continue;
            }
            String marker = i > 0 ? lines.get(i - 1).trim() : "";
            assertThat(marker)
                    .as("%s line %d: a java block must follow an example marker", document.getFileName(), i + 1)
                    .startsWith(MARKER)
                    .endsWith("-->");
            String name = marker.substring(MARKER.length(), marker.length() - "-->".length())
                    .trim();
            int end = i + 1;
            while (!lines.get(end).startsWith("```")) {
                end++;
            }
            assertThat(unindent(lines.subList(i + 1, end)))
                    .as("%s line %d shows the tagged region '%s'", document.getFileName(), i + 1, name)
                    .isEqualTo(taggedRegion(name));
        }
    }

    @Test
    void theMainExamplesAreShown() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md")))
                .contains(MARKER + "plain-java -->", MARKER + "wasm-component -->");
        assertThat(Files.readString(ROOT.resolve("docs/runtime.md")))
                .contains(MARKER + "plain-java -->", MARKER + "runtime-api -->");
    }

    private static String taggedRegion(String tag) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                    List<String> lines = read(file);
                    int start = indexOf(lines, "// tag::" + tag + "[]");
                    if (start >= 0) {
                        found.add(unindent(lines.subList(start + 1, indexOf(lines, "// end::" + tag + "[]"))));
                    }
                });
            }
        }
        assertThat(found).as("sources tagged '%s'", tag).hasSize(1);
        return found.get(0);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(text)) {
                return i;
            }
        }
        return -1;
    }

    private static String unindent(List<String> lines) {
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream()
                .map(line -> line.isBlank() ? "" : line.substring(indent))
                .collect(Collectors.joining("\n"));
    }
}
