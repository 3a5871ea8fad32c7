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

    private TestComponents() {}

    public static byte[] artifact(String id, String version, int health, String extraManifest) {
        return artifact(id, version, health, Initialize.SUCCEEDS, extraManifest);
    }

    /** How the component's {@code initialize} behaves. */
    public enum Initialize {
        SUCCEEDS,
        FAILS,
        LOOPS
    }

    public static byte[] artifact(String id, String version, int health, Initialize initialize, String extraManifest) {
        return build(id, version, health, initialize, false, extraManifest);
    }

    /** A greeter version whose every handle-message traps (a broken release, for canary tests). */
    public static byte[] trapping(String version) {
        return build("greeter", version, 0, Initialize.SUCCEEDS, true, "");
    }

    private static byte[] build(
            String id, String version, int health, Initialize initialize, boolean traps, String extraManifest) {
        String wat = template()
                .replace("{{VERSION}}", version)
                .replace("{{VERSION_LEN}}", Integer.toString(version.length()))
                .replace("{{HEALTH}}", Integer.toString(health))
                .replace("{{INIT}}", Integer.toString(initialize.ordinal()))
                .replace("{{TRAPS}}", traps ? "1" : "0");
        String manifest = "[component]\nid = \"" + id + "\"\nversion = \"" + version + "\"\n" + extraManifest;
        return CustomSectionEditor.append(Wat.compile(wat), MANIFEST_SECTION, manifest);
    }

    /** A component whose handle-message replies with its input followed by {@code suffix}. */
    public static byte[] appender(String id, String suffix) {
        String wat = read("/wasm/appender.wat.template")
                .replace("{{SUFFIX}}", suffix)
                .replace("{{SUFFIX_LEN}}", Integer.toString(suffix.length()));
        return CustomSectionEditor.append(
                Wat.compile(wat), MANIFEST_SECTION, "[component]\nid = \"" + id + "\"\nversion = \"1.0.0\"\n");
    }

    public static byte[] artifact(String version) {
        return artifact("greeter", version, 0, "");
    }

    private static String template() {
        return read("/wasm/lifecycle-component.wat.template");
    }

    private static String read(String resource) {
        try (InputStream in = TestComponents.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
