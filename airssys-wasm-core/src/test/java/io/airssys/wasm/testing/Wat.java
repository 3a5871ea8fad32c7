package io.airssys.wasm.testing;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles WAT text to wasm bytes at test time (wabt's wat2wasm, run on the JVM by Chicory),
 * so fixtures stay readable text in the repository. Results are cached per text.
 */
public final class Wat {

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Wat() {}

    /** Compiles WAT source text. */
    public static byte[] compile(String watText) {
        return CACHE.computeIfAbsent(watText, Wat2Wasm::parse).clone();
    }

    /** Compiles a fixture from {@code src/test/resources/wasm/<name>.wat}. */
    public static byte[] fixture(String name) {
        String resource = "/wasm/" + name + ".wat";
        try (InputStream in = Wat.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test fixture " + resource);
            }
            return compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "wat2wasm rejected " + resource + "; run `wat2wasm` (apt-get install wabt) on it to see why", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
