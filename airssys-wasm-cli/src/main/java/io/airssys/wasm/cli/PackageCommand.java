package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.wit.WitParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "package",
        description = "Assembles a component artifact: a core module plus its manifest "
                + "(airssys:manifest) and optionally its WIT (airssys:wit), both checked first.")
final class PackageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The core wasm module.")
    Path module;

    @Option(
            names = {"-m", "--manifest"},
            required = true,
            description = "Component.toml")
    Path manifest;

    @Option(
            names = {"-w", "--wit"},
            description = "A .wit file with the component's world.")
    Path wit;

    @Option(
            names = {"-o", "--out"},
            required = true,
            description = "The artifact to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        byte[] artifact = Files.readAllBytes(module);
        WasmModuleReader.read(artifact);
        String manifestText = Files.readString(manifest);
        ComponentManifest parsed = ManifestParser.parse(manifest.toString(), manifestText);
        artifact = CustomSectionEditor.strip(artifact, "airssys:manifest");
        artifact = CustomSectionEditor.append(artifact, "airssys:manifest", manifestText);
        if (wit != null) {
            String witText = Files.readString(wit);
            var resolved = WitParser.parse(wit.toString(), witText);
            if (parsed.world().isPresent()
                    && resolved.findWorld(parsed.world().get()).isEmpty()) {
                throw new WasmException(wit + " does not define the manifest's world "
                        + parsed.world().get());
            }
            artifact = CustomSectionEditor.strip(artifact, "airssys:wit");
            artifact = CustomSectionEditor.append(artifact, "airssys:wit", witText);
        }
        Files.write(out, artifact);
        spec.commandLine()
                .getOut()
                .println("packaged " + parsed.label() + " into " + out + " (" + artifact.length + " bytes)");
        return 0;
    }
}
