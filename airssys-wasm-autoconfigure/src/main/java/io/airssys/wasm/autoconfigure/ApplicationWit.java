package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads the application's WIT from a folder on the classpath or the file system, laid out as a
 * WIT package directory: its .wit files, and deps/ with one folder or file per dependency.
 */
final class ApplicationWit {

    private ApplicationWit() {}

    /** The package at {@code location}; empty if the folder holds no .wit file. */
    static Optional<WitResolve> read(ResourcePatternResolver resources, String location) {
        String folder = location.endsWith("/") ? location : location + "/";
        Map<String, String> main = texts(resources, folder + "*.wit");
        if (main.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> dependencies = new LinkedHashMap<>(BundledWit.texts());
        texts(resources, folder + "deps/*.wit").forEach((name, text) -> dependencies.put(name, Map.of(name, text)));
        Map<String, String> nested = texts(resources, folder + "deps/*/*.wit");
        nested.forEach((name, text) -> {
            String dependency = name.substring(0, name.lastIndexOf('/'));
            dependencies
                    .computeIfAbsent(dependency, key -> new LinkedHashMap<>())
                    .put(name, text);
        });
        return Optional.of(WitParser.create().parseTexts(folder, main, dependencies));
    }

    private static Map<String, String> texts(ResourcePatternResolver resources, String pattern) {
        try {
            Resource[] found;
            try {
                found = resources.getResources(pattern);
            } catch (FileNotFoundException absent) {
                return Map.of(); // the folder (deps/, say) is not there
            }
            Arrays.sort(found, Comparator.comparing(ApplicationWit::name));
            Map<String, String> texts = new LinkedHashMap<>();
            for (Resource resource : found) {
                if (resource.isReadable()) {
                    texts.put(name(resource), resource.getContentAsString(StandardCharsets.UTF_8));
                }
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WIT from " + pattern, e);
        }
    }

    private static String name(Resource resource) {
        try {
            return resource.getURL().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }
}
