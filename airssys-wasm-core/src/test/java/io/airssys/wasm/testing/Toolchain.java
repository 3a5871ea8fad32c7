package io.airssys.wasm.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools some tests build guests with: clang for wasm32-wasi (Debian's clang, lld,
 * wasi-libc and libclang-rt-14-dev-wasm32) and node with the project's AssemblyScript. Outside CI
 * a test that needs a missing tool is skipped with a loud message; in CI ({@code CI=true}) it fails.
 */
public final class Toolchain {

    private Toolchain() {}

    /** Fails or skips the calling test unless {@code program} runs. */
    public static void require(String program, String installHint) {
        if (runs(program)) {
            return;
        }
        String message = program + " is not installed; " + installHint;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (.ci/run installs it; CI must run this test)");
        }
        System.err.println("*** SKIPPED: " + message);
        Assumptions.abort(message);
    }

    public static void requireClang() {
        require("clang", "apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32");
    }

    /**
     * The AssemblyScript compiler the project pins in {@code tools/assemblyscript} (its
     * {@code package-lock.json}), installed there by {@code npm ci}.
     */
    public static Path requireAssemblyScript() {
        require("node", "install Node.js");
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("tools/assemblyscript"))) {
            root = root.getParent();
        }
        Path asc = root == null ? null : root.resolve("tools/assemblyscript/node_modules/assemblyscript/bin/asc.js");
        if (asc != null && Files.isRegularFile(asc)) {
            return asc;
        }
        String message = "AssemblyScript is not installed; run npm ci --prefix tools/assemblyscript";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (.ci/run installs it; CI must run this test)");
        }
        System.err.println("*** SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }

    /** asc's command line, as {@code airssys-wasm build} runs it. */
    public static List<String> asc(Path asc, String entry, Path output) {
        return List.of(
                "node",
                asc.toString(),
                entry,
                "--runtime",
                "incremental",
                "-O3",
                "--noAssert",
                "--use",
                "abort=",
                "-o",
                output.toString());
    }

    /** Runs a command in {@code directory}; fails the test with its output if it exits non-zero. */
    public static String run(Path directory, List<String> command) {
        try {
            Path output = Files.createTempFile("toolchain", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " took more than 5 minutes");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** clang's command line for a wasm32-wasi reactor module with every warning an error. */
    public static List<String> clang(Path output, List<Path> sources) {
        List<String> command = new ArrayList<>(List.of(
                "clang",
                "--target=wasm32-wasi",
                "--sysroot=/usr",
                "-O2",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-mexec-model=reactor",
                "-o",
                output.toString()));
        sources.forEach(source -> command.add(source.toString()));
        return command;
    }

    private static boolean runs(String program) {
        try {
            Process process = new ProcessBuilder(program, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
