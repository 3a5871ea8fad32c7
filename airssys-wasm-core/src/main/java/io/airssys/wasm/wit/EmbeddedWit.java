package io.airssys.wasm.wit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a WIT file or package directory into the one text a component artifact carries in its
 * {@code airssys:wit} section: the package's files one after another, and each package of
 * {@code deps/} nested as {@code package ns:name@version { ... }}, except the packages the host
 * supplies itself (which the runtime resolves on its own).
 */
public final class EmbeddedWit {

    private static final Pattern PACKAGE_DECLARATION =
            Pattern.compile("^\\s*package\\s+([^;{\\s]+)\\s*;", Pattern.MULTILINE);

    private EmbeddedWit() {}

    /**
     * The text for {@code fileOrDirectory}, leaving out dependencies named in {@code supplied}
     * ({@code ns:name}, with or without version).
     *
     * @throws WitParseException if a dependency cannot be nested (a file without a package
     *                           declaration, or top-level {@code use}, which nested packages cannot hold)
     */
    public static String of(Path fileOrDirectory, Set<String> supplied) {
        if (!Files.isDirectory(fileOrDirectory)) {
            return read(fileOrDirectory);
        }
        StringBuilder text = new StringBuilder();
        boolean first = true;
        for (Path file : witFiles(fileOrDirectory)) {
            String content = read(file);
            text.append(first ? content : withoutPackageDeclaration(content)).append('\n');
            first = false;
        }
        Path deps = fileOrDirectory.resolve("deps");
        if (Files.isDirectory(deps)) {
            for (Path dep : list(deps)) {
                List<Path> files = Files.isDirectory(dep)
                        ? witFiles(dep)
                        : dep.toString().endsWith(".wit") ? List.of(dep) : List.of();
                if (!files.isEmpty()) {
                    nest(files, supplied, text);
                }
            }
        }
        return text.toString();
    }

    private static void nest(List<Path> files, Set<String> supplied, StringBuilder text) {
        String name = null;
        StringBuilder body = new StringBuilder();
        for (Path file : files) {
            String content = read(file);
            Matcher declaration = PACKAGE_DECLARATION.matcher(content);
            if (declaration.find()) {
                name = declaration.group(1);
            }
            String rest = withoutPackageDeclaration(content);
            if (Pattern.compile("^\\s*use\\s", Pattern.MULTILINE)
                    .matcher(topLevel(rest))
                    .find()) {
                throw new WitParseException(
                        file.toString(),
                        1,
                        1,
                        "a dependency with top-level 'use' cannot be embedded; move the 'use' into its interfaces");
            }
            body.append(rest).append('\n');
        }
        if (name == null) {
            throw new WitParseException(files.get(0).toString(), 1, 1, "no package declaration in this dependency");
        }
        String unversioned = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
        if (supplied.contains(name) || supplied.contains(unversioned)) {
            return;
        }
        text.append("package ").append(name).append(" {\n").append(body).append("}\n");
    }

    /** The text outside braces, so a {@code use} inside an interface does not count as top-level. */
    private static String topLevel(String text) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String withoutPackageDeclaration(String content) {
        return PACKAGE_DECLARATION.matcher(content).replaceFirst("");
    }

    private static List<Path> witFiles(Path directory) {
        return list(directory).stream()
                .filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".wit"))
                .toList();
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return new ArrayList<>(entries.sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
