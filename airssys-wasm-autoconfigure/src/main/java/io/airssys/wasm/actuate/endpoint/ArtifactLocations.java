package io.airssys.wasm.actuate.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads artifacts for the actuator from the locations the operator allows, and nowhere else:
 * {@code classpath:} resources, files under allowed directories (checked on their real path,
 * so neither {@code ..} nor a link leads out), and URLs under allowed HTTP(S) prefixes (same
 * scheme, host and port, path below the prefix). Nothing larger than the upload limit is read.
 */
public final class ArtifactLocations {

    private final ResourceLoader resources;
    private final boolean classpath;
    private final List<Path> directories = new ArrayList<>();
    private final List<URI> urlPrefixes = new ArrayList<>();
    private final long maxBytes;

    /**
     * @param allowed  {@code classpath:}, {@code file:} directories and HTTP(S) prefixes
     * @param maxBytes largest artifact read
     */
    public ArtifactLocations(ResourceLoader resources, List<String> allowed, long maxBytes) {
        this.resources = resources;
        this.maxBytes = maxBytes;
        boolean allowsClasspath = false;
        for (String entry : allowed) {
            String lower = entry.toLowerCase(Locale.ROOT);
            if (lower.equals("classpath:")) {
                allowsClasspath = true;
            } else if (lower.startsWith("file:")) {
                directories.add(Path.of(URI.create(entry.endsWith("/") ? entry : entry + "/"))
                        .normalize());
            } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
                urlPrefixes.add(
                        URI.create(entry.endsWith("/") ? entry : entry + "/").normalize());
            } else {
                throw new IllegalArgumentException("airssys.wasm.actuator.allowed-locations entry '" + entry
                        + "' must be classpath:, a file: directory or an http(s) URL prefix");
            }
        }
        this.classpath = allowsClasspath;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * @throws IllegalArgumentException if the location is not allowed, cannot be read or is too large
     */
    byte[] read(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("classpath:")) {
            if (!classpath) {
                throw refused(location);
            }
            return readCapped(location, resources.getResource(location));
        }
        if (lower.startsWith("file:")) {
            return readFile(location);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri = parse(location).normalize();
            if (uri.getRawPath() == null
                    || uri.getRawPath().contains("/../")
                    || urlPrefixes.stream()
                            .noneMatch(prefix ->
                                    sameOrigin(prefix, uri) && uri.getRawPath().startsWith(prefix.getRawPath()))) {
                throw refused(location);
            }
            return readCapped(location, resources.getResource(uri.toString()));
        }
        throw refused(location);
    }

    private byte[] readFile(String location) {
        Path real;
        try {
            real = Path.of(parse(location)).toRealPath();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + location + ": no such file", e);
        }
        boolean inside = directories.stream().anyMatch(directory -> {
            try {
                return real.startsWith(directory.toRealPath());
            } catch (IOException e) {
                return false;
            }
        });
        if (!inside || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(location);
        }
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return capped(location, in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private byte[] readCapped(String location, Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return capped(location, in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private byte[] capped(String location, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(location + " is larger than the upload limit of " + maxBytes
                    + " bytes (airssys.wasm.actuator.max-upload-size)");
        }
        return bytes;
    }

    private static boolean sameOrigin(URI prefix, URI uri) {
        return prefix.getScheme().equalsIgnoreCase(uri.getScheme())
                && prefix.getHost() != null
                && prefix.getHost().equalsIgnoreCase(uri.getHost())
                && port(prefix) == port(uri)
                && uri.getRawUserInfo() == null;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI parse(String location) {
        try {
            return new URI(location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + location + "' is not a valid location: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException refused(String location) {
        return new IllegalArgumentException("location " + location + " is not allowed; allowed are the entries of "
                + "airssys.wasm.actuator.allowed-locations (by default only classpath:), or upload the artifact");
    }
}
