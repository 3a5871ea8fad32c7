package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.host.BundledWit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        description = "Creates a ready-to-build component project: Component.toml, wit/ (its world, with "
                + "airssys:core as a dependency), source implementing the lifecycle, and a README.")
final class InitCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*");

    @Spec
    CommandSpec spec;

    @Option(names = "--lang", required = true, description = "c, assemblyscript or wat")
    String language;

    @Option(
            names = {"-d", "--directory"},
            description = "Where to create the project; default: ./NAME")
    Path directory;

    @Parameters(index = "0", description = "The component's name: lowercase kebab-case, e.g. order-validator")
    String name;

    @Override
    public Integer call() throws IOException {
        if (!NAME.matcher(name).matches() || name.length() > 64) {
            throw new WasmException("component name '" + name + "' must be lowercase kebab-case words that each "
                    + "start with a letter (it names the WIT world too), e.g. order-validator");
        }
        ProjectLanguage lang = parseLanguage();
        Path project = directory == null ? Path.of(name) : directory;
        if (Files.exists(project) && !isEmptyDirectory(project)) {
            throw new WasmException(project + " already exists and is not empty; init never overwrites files");
        }
        for (Map.Entry<String, String> file : files(lang).entrySet()) {
            Path target = project.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        spec.commandLine()
                .getOut()
                .println("created " + lang.cliName() + " component project " + name + " in " + project
                        + "; build it with: cd " + project + " && airssys-wasm build");
        return 0;
    }

    private ProjectLanguage parseLanguage() {
        for (ProjectLanguage candidate : ProjectLanguage.values()) {
            if (candidate.cliName().equals(language)) {
                return candidate;
            }
        }
        throw new WasmException("unknown language '" + language + "'; choose c, assemblyscript or wat");
    }

    /** The project's files, path to content. */
    private Map<String, String> files(ProjectLanguage lang) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Component.toml", template("common/Component.toml"));
        files.put("wit/world.wit", template("common/world.wit"));
        BundledWit.texts()
                .get("core")
                .forEach((resource, text) ->
                        files.put("wit/deps/airssys-core/" + resource.substring(resource.lastIndexOf('/') + 1), text));
        files.put(".gitignore", template("common/gitignore"));
        switch (lang) {
            case C -> {
                files.put("src/component.c", template("c/component.c"));
                files.put("README.md", template("c/README.md"));
            }
            case WAT -> {
                files.put("src/component.wat", template("wat/component.wat"));
                files.put("README.md", template("wat/README.md"));
            }
            case ASSEMBLYSCRIPT -> {
                files.put("assembly/index.ts", template("assemblyscript/index.ts"));
                files.put("assembly/component.ts", template("assemblyscript/component.ts"));
                files.put("package.json", template("assemblyscript/package.json"));
                files.put("README.md", template("assemblyscript/README.md"));
                files.put(".gitignore", template("common/gitignore") + "node_modules/\n");
            }
        }
        return files;
    }

    private String template(String resource) {
        String snake = name.replace('-', '_');
        String description = "The " + name + " component";
        return read("/templates/" + resource)
                .replace("{{name}}", name)
                .replace("{{snake}}", snake)
                .replace("{{name_len}}", Integer.toString(name.getBytes(StandardCharsets.UTF_8).length))
                .replace("{{description_len}}", Integer.toString(description.length()));
    }

    private static String read(String resource) {
        try (InputStream in = InitCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (var entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }
}
