package io.airssys.wasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded {@code airssys-wasm.jar}, as a user runs it: self-contained, Spring-free and small. */
class CliJarIT {

    private static final Path JAR = Path.of("target", "airssys-wasm.jar");

    @TempDir
    Path dir;

    @Test
    void containsNoSpringAndStaysSmall() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .as("the CLI depends on airssys-wasm-core only")
                    .noneMatch(name -> name.startsWith("org/springframework/"))
                    .contains("io/airssys/wasm/engine/WasmEngine.class", "META-INF/airssys/wit/core/host.wit");
        }
        assertThat(Files.size(JAR))
                .as("about 32 MB of runtime (wasmtime's natives for five platforms are most of it) and 3 MB of "
                        + "wabt's wat2wasm, which builds WAT projects; 35 MB used to be the runtime with Spring")
                .isLessThan(37_000_000);
    }

    @Test
    void keygenPackageSignVerifyAndInspectRunFromTheJar() throws Exception {
        Files.write(dir.resolve("module.wasm"), Wat2Wasm.parse("(module (memory (export \"memory\") 1))"));
        Files.writeString(dir.resolve("Component.toml"), "[component]\nid = \"empty\"\nversion = \"1.0.0\"\n");

        assertThat(run("keygen", "-o", dir.resolve("keys/me").toString())).contains("wrote");
        assertThat(run(
                        "package",
                        dir.resolve("module.wasm").toString(),
                        "-m",
                        dir.resolve("Component.toml").toString(),
                        "-o",
                        dir.resolve("empty.wasm").toString()))
                .contains("packaged empty@1.0.0");
        assertThat(run(
                        "sign",
                        dir.resolve("empty.wasm").toString(),
                        "-k",
                        dir.resolve("keys/me.key").toString(),
                        "-p",
                        dir.resolve("keys/me.pem").toString()))
                .contains("signed");
        assertThat(run(
                        "verify",
                        dir.resolve("empty.wasm").toString(),
                        "-t",
                        dir.resolve("keys").toString()))
                .contains("valid signature by trusted key");
        assertThat(run("inspect", dir.resolve("empty.wasm").toString())).contains("airssys:signature");
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
