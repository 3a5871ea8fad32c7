package io.airssys.wasm.testing;

import io.airssys.wasm.binary.CustomSectionEditor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds the typed greeter component: {@code wasm/typed-greeter.wat.template} plus manifest and WIT. */
public final class TypedGreeter {

    public static final String WIT = """
            package acme:greet@1.0.0;

            interface greeter {
                greet: func(name: string) -> string;
                add: func(a: s32, b: s32) -> s32;
            }

            world greeter-world {
                export greeter;
            }
            """;

    private TypedGreeter() {}

    public static byte[] artifact(String version, String prefix) {
        String wat = template()
                .replace("{{PREFIX}}", prefix)
                .replace("{{PREFIX_LEN}}", Integer.toString(prefix.getBytes(StandardCharsets.UTF_8).length));
        String manifest = "[component]\nid = \"greeter\"\nversion = \"" + version + "\"\n"
                + "world = \"acme:greet/greeter-world@1.0.0\"\n";
        byte[] module = CustomSectionEditor.append(Wat.compile(wat), "airssys:manifest", manifest);
        return CustomSectionEditor.append(module, "airssys:wit", WIT);
    }

    private static String template() {
        try (InputStream in = TypedGreeter.class.getResourceAsStream("/wasm/typed-greeter.wat.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
