package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The languages a component project can be written in, and how a project says which it uses. */
enum ProjectLanguage {
    C("src/component.c"),
    ASSEMBLYSCRIPT("assembly/index.ts"),
    WAT("src/component.wat");

    /** The file whose presence marks a project of this language. */
    final String marker;

    ProjectLanguage(String marker) {
        this.marker = marker;
    }

    /** The name used on the command line: {@code c}, {@code assemblyscript}, {@code wat}. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ProjectLanguage detect(Path project) {
        List<ProjectLanguage> found = Arrays.stream(values())
                .filter(language -> Files.isRegularFile(project.resolve(language.marker)))
                .toList();
        if (found.size() != 1) {
            throw new WasmException(project.toAbsolutePath() + " is not a component project of one language: it needs "
                    + "exactly one of "
                    + Arrays.stream(values()).map(l -> l.marker).toList()
                    + " (airssys-wasm init makes one)");
        }
        return found.get(0);
    }
}
