package io.airssys.wasm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "package",
        description = "Assembles a component artifact: a core module plus its manifest "
                + "(airssys:manifest) and optionally its WIT (airssys:wit), after checking the module's "
                + "imports and the world's exports as the runtime would.")
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
            description = "The component's WIT: a .wit file, or a package directory (its deps/ are embedded, "
                    + "except the airssys packages the host supplies).")
    Path wit;

    @Option(
            names = {"-o", "--out"},
            required = true,
            description = "The artifact to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ArtifactPackager.Packaged packaged = ArtifactPackager.pack(
                Files.readAllBytes(module), manifest.toString(), Files.readString(manifest), Optional.ofNullable(wit));
        Files.write(out, packaged.artifact());
        spec.commandLine()
                .getOut()
                .println("packaged " + packaged.manifest().label() + " into " + out + " (" + packaged.artifact().length
                        + " bytes)");
        return 0;
    }
}
