package io.airssys.wasm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.airssys.wasm.runtime.ComponentFunction;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Follows {@code docs/first-component.md} as a reader would: runs every shell block of a
 * language, as written, with the packaged {@code airssys-wasm} on the PATH, then deploys the
 * artifact and calls it with the guide's Java. Outside CI a language whose compiler is missing
 * is skipped with a loud message; in CI ({@code CI=true}) it fails.
 */
class FirstComponentGuideIT {

    private static final Path GUIDE = Path.of("..", "docs", "first-component.md");
    private static final Path JAR = Path.of("target", "airssys-wasm.jar").toAbsolutePath();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"c", "assemblyscript", "wat"})
    void everyCommandOfTheGuideWorksAndTheComponentAnswersTypedCalls(String language) throws Exception {
        Path projectDirectory = followGuide(language);
        Path registryDirectory = work.resolve("registry");
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // tag::first-component-call[]
            RuntimeConfig config = RuntimeConfig.builder(registryDirectory).build();
            try (ComponentRuntime runtime = ComponentRuntime.create(config)) {
                byte[] artifact = Files.readAllBytes(projectDirectory.resolve("build/hello-0.1.0.wasm"));
                ComponentHandle hello = runtime.deploy(artifact);
                ComponentFunction<String> greet = hello.function("greet", String.class);
                System.out.println(greet.call("Ada")); // Hello, Ada!
            }
            // end::first-component-call[]
        } finally {
            System.setOut(console);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("Hello, Ada!" + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "assemblyscript", "wat"})
    void theGeneratedComponentServesTheLifecycle(String language) throws Exception {
        Path project = followGuide(language);
        try (ComponentRuntime runtime = ComponentRuntime.create(
                RuntimeConfig.builder(work.resolve("registry")).build())) {
            ComponentHandle hello = runtime.deploy(Files.readAllBytes(project.resolve("build/hello-0.1.0.wasm")));

            assertThat(hello.healthy()).isTrue();
            assertThat(hello.execute("ping".getBytes(StandardCharsets.UTF_8)))
                    .as("handle-message replies with the payload")
                    .isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Runs the guide's commands for {@code language} in a fresh folder; returns the project they made. */
    private Path followGuide(String language) throws IOException, InterruptedException {
        requireCompilerFor(language);
        List<String> blocks = shellBlocks(language);
        assertThat(blocks).as("the guide has commands for " + language).isNotEmpty();
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path cli = bin.resolve("airssys-wasm");
        Files.writeString(cli, "#!/bin/sh\nexec '" + javaCommand() + "' -jar '" + JAR + "' \"$@\"\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path guide = Files.createDirectories(work.resolve("guide"));
        for (String block : blocks) {
            run(guide, bin, block);
        }
        return guide.resolve("hello");
    }

    /** The shell blocks that follow a {@code <!-- guide: language -->} marker, in order. */
    private static List<String> shellBlocks(String language) throws IOException {
        List<String> lines = Files.readAllLines(GUIDE);
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).trim().equals("<!-- guide: " + language + " -->")
                    && lines.get(i + 1).trim().equals("```shell")) {
                StringBuilder block = new StringBuilder();
                for (int j = i + 2; !lines.get(j).startsWith("```"); j++) {
                    block.append(lines.get(j)).append('\n');
                }
                blocks.add(block.toString());
            }
        }
        return blocks;
    }

    private static void run(Path directory, Path bin, String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        // no network while testing: npm install is served from the cache .ci/run filled
        env.put("npm_config_offline", "true");
        env.put("npm_config_audit", "false");
        env.put("npm_config_fund", "false");
        env.put("CFLAGS", "-Werror -Wextra");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the guide's commands took more than 10 minutes:\n" + script);
        }
        assertThat(process.exitValue()).as("%s\nprinted:\n%s", script, output).isZero();
    }

    private static void requireCompilerFor(String language) {
        switch (language) {
            case "c" -> require("clang", "apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32");
            case "assemblyscript" -> require("npm", "install Node.js and npm, then run .ci/run's npm ci");
            default -> {}
        }
    }

    private static void require(String program, String hint) {
        try {
            Process process = new ProcessBuilder(program, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String message = program + " is not installed; " + hint;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (.ci/run installs it; CI must run this test)");
        }
        System.err.println("*** SKIPPED: " + message);
        Assumptions.abort(message);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
