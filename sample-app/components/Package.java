import io.airssys.wasm.binary.CustomSectionEditor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Assembles a component artifact: a core module plus its manifest (airssys:manifest) and,
 * optionally, its WIT (airssys:wit) as custom sections. Run as a single-file program with
 * airssys-wasm-autoconfigure on the class path; see build.sh.
 *
 * Usage: Package module.wasm Component.toml [component.wit] out.wasm
 */
public class Package {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Package module.wasm Component.toml [component.wit] out.wasm");
            System.exit(2);
        }
        byte[] artifact = Files.readAllBytes(Path.of(args[0]));
        artifact = CustomSectionEditor.append(artifact, "airssys:manifest", Files.readString(Path.of(args[1])));
        if (args.length == 4) {
            artifact = CustomSectionEditor.append(artifact, "airssys:wit", Files.readString(Path.of(args[2])));
        }
        Files.write(Path.of(args[args.length - 1]), artifact);
    }
}
