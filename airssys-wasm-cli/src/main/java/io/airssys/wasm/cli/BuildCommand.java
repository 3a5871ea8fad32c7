package io.airssys.wasm.cli;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.airssys.wasm.WasmException;
import io.airssys.wasm.bindgen.AssemblyScriptBindings;
import io.airssys.wasm.bindgen.CBindings;
import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.signing.ArtifactSigner;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitWorld;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "build",
        description = "Builds the component project in the current directory: regenerates its bindings from wit/, "
                + "compiles (clang for wasm32-wasi, asc, or WAT), checks the module against its world as the runtime "
                + "would, embeds manifest and WIT, and signs it if given a key.")
final class BuildCommand implements Callable<Integer> {

    private static final long COMPILE_TIMEOUT_MINUTES = 10;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-C", "--directory"},
            description = "The project directory; default: the current one.")
    Path directory = Path.of(".");

    @Option(names = "--key", description = "A private key (keygen's .key) to sign the artifact with; needs --cert.")
    Path key;

    @Option(names = "--cert", description = "The public key (keygen's .pem) that goes with --key.")
    Path cert;

    @Override
    public Integer call() throws IOException {
        if ((key == null) != (cert == null)) {
            throw new WasmException("signing needs both --key and --cert");
        }
        Path project = directory.toAbsolutePath().normalize();
        Path manifestFile = project.resolve("Component.toml");
        if (!Files.isRegularFile(manifestFile)) {
            throw new WasmException(project + " has no Component.toml; airssys-wasm init makes a project");
        }
        String manifestText = Files.readString(manifestFile);
        ComponentManifest manifest = ManifestParser.parse(manifestFile.toString(), manifestText);
        String worldName = manifest.world()
                .orElseThrow(() -> new WasmException(manifestFile + " names no [component] world to build against"));
        Path wit = project.resolve("wit");
        if (!Files.isDirectory(wit)) {
            throw new WasmException(project + " has no wit/ folder with the world " + worldName);
        }
        WitResolve resolve = BundledWit.parsePath(wit);
        WitWorld world = BindgenCommand.findWorld(resolve, worldName, wit);
        ProjectLanguage language = ProjectLanguage.detect(project);
        Path build = project.resolve("build");
        Files.createDirectories(build);
        PrintWriter out = spec.commandLine().getOut();

        byte[] module = switch (language) {
            case C -> compileC(project, build, world, out);
            case WAT -> compileWat(project.resolve(language.marker));
            case ASSEMBLYSCRIPT -> compileAssemblyScript(project, build, world, out);
        };
        byte[] artifact = ArtifactPackager.pack(module, manifestFile.toString(), manifestText, Optional.of(wit))
                .artifact();
        if (key != null) {
            artifact = ArtifactSigner.sign(
                    artifact,
                    new KeyPair(
                            SigningKeys.readPublicKey(Files.readString(cert)),
                            SigningKeys.readPrivateKey(Files.readString(key))));
        }
        Path target = build.resolve(manifest.id() + "-" + manifest.version() + ".wasm");
        Files.write(target, artifact);
        out.println("built " + manifest.label() + " into " + project.relativize(target) + " (" + artifact.length
                + " bytes" + (key == null ? "" : ", signed") + ")");
        return 0;
    }

    private static byte[] compileC(Path project, Path build, WitWorld world, PrintWriter out) throws IOException {
        Path bindings = build.resolve("bindings");
        CBindings.Files files = CBindings.generate(world);
        Files.createDirectories(bindings);
        Files.writeString(bindings.resolve(files.headerName()), files.header());
        Files.writeString(bindings.resolve(files.sourceName()), files.source());
        Path module = build.resolve("module.wasm");
        List<String> command = new ArrayList<>(List.of(
                env("CC", "clang"),
                "--target=wasm32-wasi",
                "--sysroot=" + env("WASI_SYSROOT", "/usr"),
                "-O2",
                "-Wall",
                "-mexec-model=reactor",
                "-Wl,--strip-debug",
                "-I" + bindings,
                "-o",
                module.toString()));
        String flags = System.getenv("CFLAGS");
        if (flags != null && !flags.isBlank()) {
            command.addAll(List.of(flags.trim().split("\\s+")));
        }
        try (Stream<Path> sources = Files.list(project.resolve("src"))) {
            sources.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> command.add(p.toString()));
        }
        command.add(bindings.resolve(files.sourceName()).toString());
        run(project, command, out, "apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32");
        return Files.readAllBytes(module);
    }

    private static byte[] compileWat(Path source) throws IOException {
        try {
            return Wat2Wasm.parse(Files.readString(source));
        } catch (RuntimeException e) {
            throw new WasmException(source + " does not compile: " + e.getMessage(), e);
        }
    }

    private static byte[] compileAssemblyScript(Path project, Path build, WitWorld world, PrintWriter out)
            throws IOException {
        AssemblyScriptBindings.Files files = AssemblyScriptBindings.generate(world, "../component");
        Path bindings = project.resolve("assembly/bindings");
        Files.createDirectories(bindings);
        Files.writeString(bindings.resolve(files.typesName()), files.types());
        Files.writeString(bindings.resolve(files.exportsName()), files.exports());
        Path asc = project.resolve("node_modules/assemblyscript/bin/asc.js");
        if (!Files.isRegularFile(asc)) {
            throw new WasmException(project + " has no node_modules/assemblyscript; run npm install there first");
        }
        Path module = build.resolve("module.wasm");
        run(
                project,
                List.of(
                        env("NODE", "node"),
                        asc.toString(),
                        "assembly/index.ts",
                        "--runtime",
                        "incremental",
                        "-O3",
                        "--noAssert",
                        // a failed assertion or allocation traps instead of importing env.abort
                        "--use",
                        "abort=",
                        "-o",
                        module.toString()),
                out,
                "install Node.js, then npm install in the project");
        return Files.readAllBytes(module);
    }

    private static void run(Path directory, List<String> command, PrintWriter out, String installHint)
            throws IOException {
        out.println("$ " + String.join(" ", command));
        Path log = Files.createTempFile("airssys-build", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new WasmException("cannot run " + command.get(0) + " (" + e.getMessage() + "); " + installHint);
            }
            boolean done = process.waitFor(COMPILE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                process.destroyForcibly();
                throw new WasmException(command.get(0) + " took longer than " + COMPILE_TIMEOUT_MINUTES + " minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!output.isBlank()) {
                out.print(output);
            }
            if (process.exitValue() != 0) {
                throw new WasmException(
                        command.get(0) + " failed (exit " + process.exitValue() + "):\n" + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmException("interrupted while running " + command.get(0));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
