package io.airssys.wasm.testing;

import io.airssys.wasm.binary.CustomSectionEditor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Builds test component artifacts from {@code wasm/lifecycle-component.wat.template}: the
 * lifecycle guest for a version, with its manifest embedded.
 */
public final class TestComponents {

    /** Custom section holding the manifest. */
    public static final String MANIFEST_SECTION = "airssys:manifest";

    private TestComponents() {
    }

    public static byte[] artifact(String id, String version, int health, String extraManifest) {
        String wat = template().replace("{{VERSION}}", version)
                .replace("{{VERSION_LEN}}", Integer.toString(version.length()))
                .replace("{{HEALTH}}", Integer.toString(health));
        String manifest = "[component]\nid = \"" + id + "\"\nversion = \"" + version + "\"\n" + extraManifest;
        return CustomSectionEditor.append(Wat.compile(wat), MANIFEST_SECTION, manifest);
    }

    public static byte[] artifact(String version) {
        return artifact("greeter", version, 0, "");
    }

    private static String template() {
        try (InputStream in = TestComponents.class.getResourceAsStream("/wasm/lifecycle-component.wat.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
