package io.airssys.wasm.wit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Parses and resolves WIT. A directory is one package (its {@code *.wit} files) plus the
 * packages under its {@code deps/} folder, each a {@code .wit} file or a folder of them, as
 * {@code wit-bindgen} and {@code wasm-tools} lay them out. Items gated with
 * {@code @unstable(feature = f)} are left out unless {@code f} is enabled.
 */
public final class WitParser {

    private final Set<String> features;

    private WitParser(Set<String> features) {
        this.features = Set.copyOf(features);
    }

    /** A parser with no unstable features enabled. */
    public static WitParser create() {
        return new WitParser(Set.of());
    }

    /** A parser that keeps items gated by these {@code @unstable} features. */
    public WitParser withFeatures(Collection<String> enabled) {
        return new WitParser(Set.copyOf(enabled));
    }

    /** Parses a {@code .wit} file or a package directory with the default parser. */
    public static WitResolve parse(Path fileOrDirectory) {
        return create().parsePath(fileOrDirectory);
    }

    /** Parses WIT text, such as the {@code airssys:wit} section of a component; {@code name} labels errors. */
    public static WitResolve parse(String name, String text) {
        return create().parseText(name, text);
    }

    public WitResolve parsePath(Path fileOrDirectory) {
        return parsePath(fileOrDirectory, Map.of());
    }

    /**
     * Parses a file or package directory; a package that neither it nor its {@code deps/}
     * defines is taken from {@code dependencies} (each entry: one package's files, name to text),
     * e.g. the packages the host bundles.
     */
    public WitResolve parsePath(Path fileOrDirectory, Map<String, Map<String, String>> dependencies) {
        if (Files.isDirectory(fileOrDirectory)) {
            List<Ast.File> main = parseFiles(witFilesIn(fileOrDirectory));
            List<Ast.File> deps = new ArrayList<>();
            Path depsDir = fileOrDirectory.resolve("deps");
            if (Files.isDirectory(depsDir)) {
                for (Path dep : sorted(depsDir)) {
                    if (Files.isDirectory(dep)) {
                        deps.add(mergeDirectory(parseFiles(witFilesIn(dep)), dep));
                    } else if (dep.toString().endsWith(".wit")) {
                        deps.addAll(parseFiles(List.of(dep)));
                    }
                }
            }
            Ast.File merged = mergeDirectory(main, fileOrDirectory);
            return resolve(merged, withDependencies(merged, deps, dependencies));
        }
        if (!Files.isRegularFile(fileOrDirectory)) {
            throw new WitParseException(fileOrDirectory.toString(), 1, 1, "no such WIT file or directory");
        }
        Ast.File main = parseFiles(List.of(fileOrDirectory)).get(0);
        return resolve(main, withDependencies(main, List.of(), dependencies));
    }

    public WitResolve parseText(String name, String text) {
        return resolve(Parser.parse(name, text), List.of());
    }

    /**
     * Parses WIT text whose {@code use} and {@code import} may name packages it does not define
     * itself but {@code dependencies} do (each entry: one package's files, name to text), such
     * as the packages the host bundles; a package the text defines itself wins over a dependency.
     */
    public WitResolve parseText(String name, String text, Map<String, Map<String, String>> dependencies) {
        Ast.File main = Parser.parse(name, text);
        return resolve(main, withDependencies(main, List.of(), dependencies));
    }

    /** {@code deps} plus each of {@code dependencies} whose package neither {@code main} nor {@code deps} defines. */
    private static List<Ast.File> withDependencies(
            Ast.File main, List<Ast.File> deps, Map<String, Map<String, String>> dependencies) {
        Set<PackageName> defined = new HashSet<>();
        for (Ast.File file : concat(main, deps)) {
            file.packageDecl().ifPresent(decl -> defined.add(decl.name()));
            file.nested().forEach(nested -> defined.add(nested.decl().name()));
        }
        List<Ast.File> all = new ArrayList<>(deps);
        dependencies.forEach((packageName, files) -> {
            List<Ast.File> parsed = new ArrayList<>();
            files.forEach((file, fileText) -> parsed.add(Parser.parse(file, fileText)));
            Ast.File merged = mergeDirectory(parsed, Path.of(packageName));
            if (merged.packageDecl().map(decl -> !defined.contains(decl.name())).orElse(true)) {
                all.add(merged);
            }
        });
        return all;
    }

    private static List<Ast.File> concat(Ast.File main, List<Ast.File> deps) {
        List<Ast.File> all = new ArrayList<>(deps);
        all.add(main);
        return all;
    }

    /**
     * Parses several files' texts as one package directory (no {@code deps/}), e.g. WIT read
     * from the classpath; keys name the files in errors.
     */
    public WitResolve parseTexts(String packageName, Map<String, String> filesByName) {
        return parseTexts(packageName, filesByName, Map.of());
    }

    /**
     * {@link #parseTexts(String, Map)} with packages the files may use that they do not define
     * (each entry: one package's files, name to text), e.g. a {@code deps/} folder read from the
     * classpath, or the packages the host bundles.
     */
    public WitResolve parseTexts(
            String packageName, Map<String, String> filesByName, Map<String, Map<String, String>> dependencies) {
        List<Ast.File> files = new ArrayList<>();
        filesByName.forEach((name, text) -> files.add(Parser.parse(name, text)));
        Ast.File main = mergeDirectory(files, Path.of(packageName));
        return resolve(main, withDependencies(main, List.of(), dependencies));
    }

    private WitResolve resolve(Ast.File main, List<Ast.File> deps) {
        Map<String, Resolver.PackageSource> sources = new LinkedHashMap<>();
        for (Ast.File dep : deps) {
            addFile(dep, sources);
        }
        Optional<PackageName> mainName = addFile(main, sources);
        List<WitPackage> packages = Resolver.resolve(List.copyOf(sources.values()), features);
        WitPackage mainPackage = mainName.map(n -> packages.stream()
                        .filter(p -> p.name().equals(n))
                        .findFirst()
                        .orElseThrow())
                .orElse(packages.isEmpty() ? null : packages.get(packages.size() - 1));
        if (mainPackage == null) {
            throw new WitParseException(main.path(), 1, 1, "no package is declared");
        }
        return new WitResolve(packages, mainPackage);
    }

    /** Adds a file's packages to {@code sources}; returns the file's own (non-nested) package, if any. */
    private static Optional<PackageName> addFile(Ast.File file, Map<String, Resolver.PackageSource> sources) {
        Resolver.FileScope scope = new Resolver.FileScope();
        for (Ast.NestedPackage nested : file.nested()) {
            add(sources, nested.decl(), nested.items(), scope);
        }
        if (file.packageDecl().isEmpty()) {
            if (!file.items().isEmpty()) {
                Span span = new Span(file.path(), 1, 1);
                throw span.error("no package declaration (add 'package namespace:name;' at the top)");
            }
            return Optional.empty();
        }
        add(sources, file.packageDecl().get(), file.items(), scope);
        return file.packageDecl().map(Ast.PackageDecl::name);
    }

    private static void add(
            Map<String, Resolver.PackageSource> sources,
            Ast.PackageDecl decl,
            List<Ast.Item> items,
            Resolver.FileScope scope) {
        String key = decl.name().toString();
        Resolver.PackageSource existing = sources.get(key);
        List<Resolver.FileItem> fileItems = existing == null ? new ArrayList<>() : new ArrayList<>(existing.items());
        items.forEach(item -> fileItems.add(new Resolver.FileItem(item, scope)));
        String docs = existing == null || existing.docs().isEmpty() ? decl.docs() : existing.docs();
        sources.put(
                key,
                new Resolver.PackageSource(
                        decl.name(), docs, fileItems, existing == null ? decl.span() : existing.span()));
    }

    /**
     * The files of one directory form one package: every file that declares a package must
     * declare the same one, and at least one must.
     */
    private static Ast.File mergeDirectory(List<Ast.File> files, Path directory) {
        Optional<Ast.PackageDecl> decl = Optional.empty();
        for (Ast.File file : files) {
            if (file.packageDecl().isPresent()) {
                Ast.PackageDecl current = file.packageDecl().get();
                if (decl.isPresent() && !decl.get().name().equals(current.name())) {
                    throw current.span()
                            .error("package " + current.name() + " differs from package "
                                    + decl.get().name() + " declared in "
                                    + decl.get().span().file()
                                    + "; all files of a directory belong to one package");
                }
                if (decl.isEmpty() || decl.get().docs().isEmpty()) {
                    decl = Optional.of(current);
                }
            }
        }
        List<Ast.Item> items = new ArrayList<>();
        List<Ast.NestedPackage> nested = new ArrayList<>();
        for (Ast.File file : files) {
            if (file.packageDecl().isEmpty() && !file.items().isEmpty() && decl.isEmpty()) {
                throw new Span(file.path(), 1, 1).error("no file in " + directory + " declares a package");
            }
            items.addAll(file.items());
            nested.addAll(file.nested());
        }
        if (files.isEmpty()) {
            throw new WitParseException(directory.toString(), 1, 1, "directory contains no .wit files");
        }
        return new Ast.File(directory.toString(), decl, items, nested);
    }

    private static List<Ast.File> parseFiles(List<Path> paths) {
        List<Ast.File> files = new ArrayList<>();
        for (Path path : paths) {
            try {
                files.add(Parser.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8)));
            } catch (MalformedInputException e) {
                throw new WitParseException(path.toString(), 1, 1, "file is not valid UTF-8");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return files;
    }

    private static List<Path> witFilesIn(Path directory) {
        return sorted(directory).stream()
                .filter(p ->
                        Files.isRegularFile(p) && p.getFileName().toString().endsWith(".wit"))
                .toList();
    }

    private static List<Path> sorted(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
