package io.airssys.wasm.host;

import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's own WIT packages (the repository's {@code wit/} folder), read from the jar
 * where the build puts them, under {@code META-INF/airssys/wit/}.
 */
public final class BundledWit {

    /** Each bundled package folder and its files. */
    static final Map<String, List<String>> FILES = Map.of(
            "core", List.of("types.wit", "lifecycle.wit", "host.wit", "worlds.wit"),
            "filesystem", List.of("filesystem.wit"),
            "http", List.of("http.wit"),
            "process", List.of("process.wit"));

    private static final List<String> IMPLEMENTED = List.of("core", "filesystem", "http");

    private static final Map<String, WitResolve> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, String>> TEXTS = new ConcurrentHashMap<>();

    private BundledWit() {}

    /** A bundled package by folder name: {@code core}, {@code filesystem}, {@code http} or {@code process}. */
    public static WitResolve load(String folder) {
        return CACHE.computeIfAbsent(folder, BundledWit::read);
    }

    /**
     * The text of every bundled package (folder to its files' texts), for parsing a component's
     * WIT that uses them without carrying them: {@link WitParser#parseText(String, String, Map)}.
     */
    public static Map<String, Map<String, String>> texts() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        FILES.keySet().stream().sorted().forEach(folder -> all.put(folder, textsOf(folder)));
        return all;
    }

    /** A component's embedded WIT, resolved with the bundled packages available to it. */
    public static WitResolve parseWith(String name, String text) {
        return WitParser.create().parseText(name, text, texts());
    }

    /** A WIT file or package directory; the bundled packages stand in for any its {@code deps/} lacks. */
    public static WitResolve parsePath(Path fileOrDirectory) {
        return WitParser.create().parsePath(fileOrDirectory, texts());
    }

    /** Every bundled package, {@code airssys:process} included, which is specified but not implemented. */
    public static List<WitResolve> all() {
        return FILES.keySet().stream().sorted().map(BundledWit::load).toList();
    }

    /** The bundled packages the host implements, so a component may import their interfaces. */
    public static List<WitResolve> implemented() {
        return IMPLEMENTED.stream().map(BundledWit::load).toList();
    }

    /** An interface of a bundled package, e.g. {@code interfaceOf("core", "host-services")}. */
    public static WitInterface interfaceOf(String folder, String interfaceName) {
        return load(folder).mainPackage().interfaces().get(interfaceName);
    }

    private static WitResolve read(String folder) {
        return WitParser.create().parseTexts(folder, textsOf(folder));
    }

    private static Map<String, String> textsOf(String folder) {
        return TEXTS.computeIfAbsent(folder, BundledWit::readTexts);
    }

    private static Map<String, String> readTexts(String folder) {
        List<String> files = FILES.get(folder);
        if (files == null) {
            throw new IllegalArgumentException("no bundled WIT package '" + folder + "'; there are " + FILES.keySet());
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : files) {
            String resource = "/META-INF/airssys/wit/" + folder + "/" + file;
            try (InputStream in = BundledWit.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("bundled WIT " + resource + " is missing from the jar");
                }
                texts.put(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableMap(texts);
    }
}
