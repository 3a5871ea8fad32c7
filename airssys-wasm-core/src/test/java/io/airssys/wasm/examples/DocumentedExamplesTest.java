package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Code shown in the documents is code that compiles and runs: each document showing the
 * plain-Java example shows exactly the tagged region of {@link PlainJavaExampleTest}.
 */
class DocumentedExamplesTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/runtime.md"})
    void theDocumentsShowTheCompiledPlainJavaExample(String document) throws IOException {
        String tested = taggedRegion(MODULE.resolve(
                "src/test/java/io/airssys/wasm/examples/PlainJavaExampleTest.java"), "plain-java");
        String shown = codeBlockAfter(MODULE.resolveSibling(document), "<!-- example: plain-java -->");

        assertThat(shown).as("%s shows PlainJavaExampleTest's tagged region", document).isEqualTo(tested);
    }

    private static String taggedRegion(Path source, String tag) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int start = indexOf(lines, "// tag::" + tag + "[]") + 1;
        int end = indexOf(lines, "// end::" + tag + "[]");
        return unindent(lines.subList(start, end));
    }

    private static String codeBlockAfter(Path document, String marker) throws IOException {
        List<String> lines = Files.readAllLines(document);
        int start = indexOf(lines, marker) + 2; // the marker, then the opening ```java
        int end = start;
        while (!lines.get(end).startsWith("```")) {
            end++;
        }
        return unindent(lines.subList(start, end));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(text)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + text + "'");
    }

    private static String unindent(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent))
                .collect(Collectors.joining("\n"));
    }
}
