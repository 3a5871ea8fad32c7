package io.airssys.wasm.engine.chicory;

import com.dylibso.chicory.experimental.aot.AotCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import io.airssys.wasm.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chicory's generated classes kept on disk, so a restart loads a module's classes instead of
 * compiling it again. One file per module, named by the SHA-256 of the module's bytes and the
 * compiler's version, holding the classes and a SHA-256 of its own contents: a file that is
 * incomplete or altered is ignored and replaced. Each module's classes get their own class
 * loader (every module's machine has the same class name), dropped with the module.
 */
final class CompiledClassCache {

    private static final Logger log = LoggerFactory.getLogger(CompiledClassCache.class);
    private static final int FORMAT = 1;
    private static final int DIGEST_BYTES = 32;

    private final Path directory;
    private final String compilerVersion;

    CompiledClassCache(Path directory) {
        this.directory = directory;
        this.compilerVersion = compilerVersion();
    }

    /** The machines of the module whose bytes hash to {@code sha256}, if its classes were kept. */
    Optional<Function<Instance, Machine>> load(String sha256) {
        Path file = file(sha256);
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read the compiled classes in {}; compiling again", file, e);
            return Optional.empty();
        }
        Map<String, byte[]> classes = decode(contents);
        if (classes == null) {
            log.warn("the compiled classes in {} are damaged; compiling again", file);
            return Optional.empty();
        }
        try {
            return Optional.of(machines(classes));
        } catch (ClassFormatError | VerifyError | ReflectiveOperationException e) {
            // intact but unusable (e.g. written by another build of the compiler): not a JVM failure
            log.warn("the compiled classes in {} cannot be loaded ({}); compiling again", file, e.toString());
            return Optional.empty();
        }
    }

    /** Keeps the classes of a module; a failure to write costs only the next start's compile. */
    void store(String sha256, Map<String, byte[]> classes) {
        Path file = file(sha256);
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "partial-", ".tmp");
            try {
                Files.write(partial, encode(classes));
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            log.warn("cannot keep the compiled classes in {}", file, e);
        }
    }

    private Path file(String sha256) {
        return directory.resolve(sha256 + "-chicory-" + compilerVersion + ".classes");
    }

    private static byte[] encode(Map<String, byte[]> classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
        }
        byte[] body = bytes.toByteArray();
        byte[] digest = Sha256.digest(body);
        byte[] file = Arrays.copyOf(body, body.length + DIGEST_BYTES);
        System.arraycopy(digest, 0, file, body.length, DIGEST_BYTES);
        return file;
    }

    /** The classes in a file, or null if it is not one this wrote, whole and unchanged. */
    private static Map<String, byte[]> decode(byte[] file) {
        if (file.length < DIGEST_BYTES + 8) {
            return null;
        }
        byte[] body = Arrays.copyOf(file, file.length - DIGEST_BYTES);
        if (!Arrays.equals(Sha256.digest(body), Arrays.copyOfRange(file, body.length, file.length))) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (in.readInt() != FORMAT) {
                return null;
            }
            int count = in.readInt();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    return null;
                }
                classes.put(name, in.readNBytes(length));
            }
            return classes;
        } catch (IOException e) {
            return null;
        }
    }

    private static Function<Instance, Machine> machines(Map<String, byte[]> classes)
            throws ReflectiveOperationException {
        ClassLoader loader = new GeneratedClasses(classes, CompiledClassCache.class.getClassLoader());
        Constructor<? extends Machine> constructor = loader.loadClass(AotCompiler.DEFAULT_CLASS_NAME)
                .asSubclass(Machine.class)
                .getConstructor(Instance.class);
        return instance -> {
            try {
                return constructor.newInstance(instance);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a machine from cached classes", e);
            }
        };
    }

    private static String compilerVersion() {
        try (InputStream in = AotCompiler.class.getResourceAsStream(
                "/META-INF/maven/com.dylibso.chicory/aot-experimental/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            log.debug("cannot read the Chicory compiler's version", e);
        }
        return "unknown";
    }

    /** Defines the classes of one module from their bytes. */
    private static final class GeneratedClasses extends ClassLoader {
        private final Map<String, byte[]> classes;

        GeneratedClasses(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.getOrDefault(name, classes.get(name.replace('.', '/')));
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
