package io.airssys.wasm.engine.wasmtime;

import io.github.kawamuray.wasmtime.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads wasmtime-java's native library once per JVM from a versioned cache directory.
 * Left to itself, wasmtime-java copies its 18 MB library into {@code java.io.tmpdir} under a
 * new name at every start and never deletes it; here it is extracted once, atomically, to
 * {@code <cache>/wasmtime-java-<version>/} and loaded from there on every later start.
 *
 * <p>The cache directory is, in order: the system property {@value #DIRECTORY_PROPERTY}, the
 * environment variable {@value #DIRECTORY_ENV}, {@code $XDG_CACHE_HOME/airssys-wasm}, then
 * {@code ~/.cache/airssys-wasm}. Directories are created owner-only where the file system
 * supports POSIX permissions.
 */
final class WasmtimeNativeLibrary {

    static final String DIRECTORY_PROPERTY = "airssys.wasm.native-directory";
    static final String DIRECTORY_ENV = "AIRSSYS_WASM_NATIVE_DIRECTORY";

    private static final Logger log = LoggerFactory.getLogger(WasmtimeNativeLibrary.class);
    private static final String LOADER_CLASS = "io.github.kawamuray.wasmtime.NativeLibraryLoader";
    private static boolean loaded;

    private WasmtimeNativeLibrary() {}

    /**
     * Makes sure the library is loaded before any wasmtime-java class needs it. If the cache
     * cannot be used (no writable directory, an unknown platform, a wasmtime-java version whose
     * loader differs), wasmtime-java's own loader runs instead and the reason is logged.
     */
    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        try {
            Class<?> loader = Class.forName(LOADER_CLASS, false, Engine.class.getClassLoader());
            if (loader.getClassLoader() != WasmtimeNativeLibrary.class.getClassLoader()) {
                // System.load binds a library to its caller's class loader, which must be wasmtime-java's
                throw new IllegalStateException("wasmtime-java is loaded by another class loader");
            }
            VarHandle loadedFlag = MethodHandles.privateLookupIn(loader, MethodHandles.lookup())
                    .findStaticVarHandle(loader, "loaded", boolean.class);
            if (!(boolean) loadedFlag.get()) {
                Path library = extract(cacheDirectory());
                System.load(library.toString());
                loadedFlag.set(true);
                log.debug("loaded the wasmtime native library from {}", library);
            }
        } catch (UnsatisfiedLinkError | RuntimeException | IOException | ReflectiveOperationException e) {
            log.warn(
                    "could not load the wasmtime native library from the cache ({}); wasmtime-java extracts its own copy",
                    e.toString());
        }
        loaded = true;
    }

    static Path cacheDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIRECTORY_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "airssys-wasm");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "airssys-wasm");
    }

    /** The library file in {@code cache}, extracted from the jar unless an identical copy is already there. */
    static Path extract(Path cache) throws IOException {
        String version = jniVersion();
        String resource = resourceName(version, System.getProperty("os.name"), System.getProperty("os.arch"));
        URL url = Engine.class.getResource("/" + resource);
        if (url == null) {
            throw new IOException("wasmtime-java " + version + " has no native library " + resource);
        }
        Path directory = cache.resolve("wasmtime-java-" + version);
        createPrivateDirectories(directory);
        Path target = directory.resolve(resource);
        long expectedSize = contentLength(url);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && (expectedSize < 0 || Files.size(target) == expectedSize)) {
            return target;
        }
        Path temp = Files.createTempFile(directory, resource, ".part");
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    static String resourceName(String version, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String platformOs;
        String prefix = "lib";
        String extension;
        if (os.contains("linux")) {
            platformOs = "linux";
            extension = ".so";
        } else if (os.contains("mac") || os.contains("darwin")) {
            platformOs = "macos";
            extension = ".dylib";
        } else if (os.contains("windows")) {
            platformOs = "windows";
            prefix = "";
            extension = ".dll";
        } else {
            throw new IllegalStateException("no wasmtime native library for operating system " + osName);
        }
        String platformArch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> throw new IllegalStateException("no wasmtime native library for architecture " + osArch);
        };
        return prefix + "wasmtime_jni_" + version + "_" + platformOs + "_" + platformArch + extension;
    }

    private static String jniVersion() throws IOException {
        try (InputStream in = Engine.class.getResourceAsStream("/wasmtime-java-meta.properties")) {
            if (in == null) {
                throw new IOException("wasmtime-java-meta.properties is missing from wasmtime-java");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("jnilib.version");
            if (version == null || !version.matches("[0-9A-Za-z.\\-]+")) {
                throw new IOException("wasmtime-java-meta.properties names no usable jnilib.version");
            }
            return version;
        }
    }

    private static long contentLength(URL url) {
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            return connection.getContentLengthLong();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
