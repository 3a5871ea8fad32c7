package io.airssys.wasm.runtime;

import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds test component artifacts: the lifecycle guest for a version, with its manifest embedded. */
final class Components {

    private Components() {
    }

    static byte[] artifact(String id, String version, int health, String extraManifest) {
        String wat = template().replace("{{VERSION}}", version)
                .replace("{{VERSION_LEN}}", Integer.toString(version.length()))
                .replace("{{HEALTH}}", Integer.toString(health));
        String manifest = "[component]\nid = \"" + id + "\"\nversion = \"" + version + "\"\n" + extraManifest;
        return CustomSectionEditor.append(Wat.compile(wat), ComponentRuntime.MANIFEST_SECTION, manifest);
    }

    static byte[] artifact(String version) {
        return artifact("greeter", version, 0, "");
    }

    private static String template() {
        try (InputStream in = Components.class.getResourceAsStream("/wasm/lifecycle-component.wat.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
