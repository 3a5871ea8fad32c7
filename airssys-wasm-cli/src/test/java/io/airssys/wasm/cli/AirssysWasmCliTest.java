package io.airssys.wasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.airssys.wasm.binary.WasmModuleReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AirssysWasmCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void module() throws IOException {
        Files.write(
                dir.resolve("module.wasm"),
                Wat2Wasm.parse(
                        "(module (memory (export \"memory\") 1) "
                                + "(func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"));
        Files.writeString(
                dir.resolve("Component.toml"),
                "[component]\nid = \"adder\"\nversion = \"1.0.0\"\n" + "world = \"acme:math/adder@1.0.0\"\n");
        Files.writeString(
                dir.resolve("adder.wit"),
                "package acme:math@1.0.0;\nworld adder { export add: func(a: s32, b: s32) -> s32; }\n");
    }

    private int run(String... args) {
        CommandLine cli = AirssysWasmCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void packagesSignsVerifiesAndInspects() throws IOException {
        assertThat(run("keygen", "-o", path("keys/publisher"))).isZero();
        assertThat(run(
                        "package",
                        path("module.wasm"),
                        "-m",
                        path("Component.toml"),
                        "-w",
                        path("adder.wit"),
                        "-o",
                        path("adder.wasm")))
                .isZero();
        assertThat(run("sign", path("adder.wasm"), "-k", path("keys/publisher.key"), "-p", path("keys/publisher.pem")))
                .isZero();
        assertThat(run("verify", path("adder.wasm"), "-t", path("keys"))).isZero();
        assertThat(run("inspect", path("adder.wasm"))).isZero();

        assertThat(out.toString())
                .contains("packaged adder@1.0.0 into " + path("adder.wasm"))
                .contains("valid signature by trusted key")
                .contains("add function [I32, I32] -> [I32]")
                .contains("airssys:manifest", "airssys:wit", "airssys:signature")
                .contains("id = \"adder\"");
        assertThat(WasmModuleReader.read(Files.readAllBytes(dir.resolve("adder.wasm")))
                        .customSections())
                .hasSize(3);
    }

    @Test
    void verifyRefusesATamperedArtifactWithTheReason() throws IOException {
        run("keygen", "-o", path("keys/publisher"));
        run(
                "package",
                path("module.wasm"),
                "-m",
                path("Component.toml"),
                "-w",
                path("adder.wit"),
                "-o",
                path("adder.wasm"));
        run("sign", path("adder.wasm"), "-k", path("keys/publisher.key"), "-p", path("keys/publisher.pem"));
        byte[] bytes = Files.readAllBytes(dir.resolve("adder.wasm"));
        bytes[bytes.length / 3] ^= 1;
        Files.write(dir.resolve("adder.wasm"), bytes);

        assertThat(run("verify", path("adder.wasm"), "-t", path("keys"))).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("rejected");
    }

    @Test
    void packageRefusesABadManifestOrAWitWithoutItsWorld() throws IOException {
        Files.writeString(dir.resolve("Bad.toml"), "[component]\nid = \"Bad\"\nversion = \"1.0.0\"\n");
        assertThat(run("package", path("module.wasm"), "-m", path("Bad.toml"), "-o", path("x.wasm")))
                .isEqualTo(1);
        assertThat(err.toString()).contains("Bad.toml:2:").contains("lowercase kebab-case");

        Files.writeString(dir.resolve("other.wit"), "package acme:other@1.0.0;\nworld w {}\n");
        assertThat(run(
                        "package",
                        path("module.wasm"),
                        "-m",
                        path("Component.toml"),
                        "-w",
                        path("other.wit"),
                        "-o",
                        path("x.wasm")))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("names world acme:math/adder@1.0.0, which neither its WIT nor airssys:core defines");
    }

    @Test
    void packageRefusesWhatTheRuntimeWouldRefuse() throws IOException {
        Files.write(
                dir.resolve("wrong.wasm"),
                Wat2Wasm.parse("(module (import \"airssys:core/host-services@1.0.0\" \"log\" (func (param i32)))"
                        + " (import \"acme:nowhere/x@1.0.0\" \"f\" (func))"
                        + " (func (export \"add\") (param i64 i32) (result i32) (local.get 1)))"));

        assertThat(run(
                        "package",
                        path("wrong.wasm"),
                        "-m",
                        path("Component.toml"),
                        "-w",
                        path("adder.wit"),
                        "-o",
                        path("x.wasm")))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("adder@1.0.0 would be refused")
                .contains("import airssys:core/host-services@1.0.0#log is [I32] -> [] but its WIT type needs")
                .contains("the host provides no interface acme:nowhere/x@1.0.0")
                .contains("export add is [I64, I32] -> [I32] but its WIT type needs [I32, I32] -> [I32]");
        assertThat(dir.resolve("x.wasm")).doesNotExist();
    }

    @Test
    void packageAcceptsAModuleNamedByTheComponentModelsBuildTarget() throws IOException {
        Files.write(
                dir.resolve("standard.wasm"),
                Wat2Wasm.parse(
                        "(module (import \"cm32p2|airssys:core/host-services@1\" \"current-time-millis\" (func (result i64)))"
                                + " (memory (export \"cm32p2_memory\") 1)"
                                + " (func (export \"cm32p2||add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"));

        assertThat(run(
                        "package",
                        path("standard.wasm"),
                        "-m",
                        path("Component.toml"),
                        "-w",
                        path("adder.wit"),
                        "-o",
                        path("x.wasm")))
                .isZero();
    }

    @Test
    void keygenNeverOverwritesAPrivateKey() {
        assertThat(run("keygen", "-o", path("k"))).isZero();
        assertThat(run("keygen", "-o", path("k"))).isEqualTo(1);
        assertThat(err.toString()).contains("refusing to overwrite a private key");
    }

    @Test
    void keygenWritesThePrivateKeyReadableByItsOwnerOnly() throws IOException {
        assertThat(run("keygen", "-o", path("keys/owner"))).isZero();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/owner.key"))))
                .isEqualTo("rw-------");
        assertThat(run("keygen", "-o", path("keys/owner")))
                .as("never overwrites a key")
                .isNotZero();
    }

    @Test
    void initMakesAWatProjectThatBuildsAndSignsIntoACheckedArtifact() throws IOException {
        assertThat(run("init", "--lang", "wat", "-d", path("hello"), "hello")).isZero();
        assertThat(dir.resolve("hello/wit/deps/airssys-core/lifecycle.wit")).exists();
        assertThat(Files.readString(dir.resolve("hello/Component.toml")))
                .contains("world = \"local:hello/hello@0.1.0\"");
        assertThat(run("keygen", "-o", path("keys/me"))).isZero();

        assertThat(run("build", "-C", path("hello"), "--key", path("keys/me.key"), "--cert", path("keys/me.pem")))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("built hello@0.1.0 into build/hello-0.1.0.wasm")
                .contains("signed");
        assertThat(run("verify", path("hello/build/hello-0.1.0.wasm"), "-t", path("keys")))
                .isZero();
        assertThat(WasmModuleReader.read(Files.readAllBytes(dir.resolve("hello/build/hello-0.1.0.wasm")))
                        .exportedFunctions())
                .containsKeys("greet", "airssys:core/component-lifecycle@1.0.0#initialize");
    }

    @Test
    void buildRefusesAModuleThatMissesAnExportOfItsWorld() throws IOException {
        run("init", "--lang", "wat", "-d", path("hello"), "hello");
        Path wit = dir.resolve("hello/wit/world.wit");
        Files.writeString(
                wit,
                Files.readString(wit)
                        .replace(
                                "export greet: func(name: string) -> string;",
                                "export greet: func(name: string) -> string;\n    export count-words: func(text: string) -> u32;"));

        assertThat(run("build", "-C", path("hello"))).isEqualTo(1);
        assertThat(err.toString())
                .contains("hello@0.1.0 would be refused")
                .contains("it does not export count-words [I32, I32] -> [I32]");
        assertThat(dir.resolve("hello/build/hello-0.1.0.wasm")).doesNotExist();
    }

    @Test
    void initRefusesANameThatCannotNameAWorldAndNeverOverwrites() throws IOException {
        assertThat(run("init", "--lang", "wat", "-d", path("x"), "Hello_World")).isEqualTo(1);
        assertThat(err.toString()).contains("'Hello_World' must be lowercase kebab-case");
        assertThat(run("init", "--lang", "cobol", "-d", path("x"), "hello")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown language 'cobol'");

        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/notes.txt"), "mine");
        assertThat(run("init", "--lang", "c", "-d", path("taken"), "hello")).isEqualTo(1);
        assertThat(err.toString()).contains("already exists and is not empty");
        assertThat(Files.readString(dir.resolve("taken/notes.txt"))).isEqualTo("mine");
    }

    @Test
    void buildOutsideAProjectSaysHowToMakeOne() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThat(run("build", "-C", path("empty"))).isEqualTo(1);
        assertThat(err.toString()).contains("has no Component.toml; airssys-wasm init makes a project");

        assertThat(run("build", "-C", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("has no wit/ folder");
    }

    @Test
    void bindgenWritesCAndAssemblyScriptBindingsForAWorld() throws IOException {
        run("init", "--lang", "wat", "-d", path("hello"), "hello");

        assertThat(run("bindgen", "c", "--wit", path("hello/wit"), "--world", "hello", "-o", path("c")))
                .isZero();
        assertThat(run("bindgen", "assemblyscript", "--wit", path("hello/wit"), "--world", "hello", "-o", path("as")))
                .isZero();
        assertThat(Files.readString(dir.resolve("c/hello.h")))
                .contains("void exports_hello_greet(hello_string_t *name, hello_string_t *ret);");
        assertThat(dir.resolve("c/hello.c")).exists();
        assertThat(Files.readString(dir.resolve("as/hello.ts"))).contains("export namespace hostServices {");
        assertThat(Files.readString(dir.resolve("as/hello_exports.ts"))).contains("impl.greet(");
        assertThat(run("bindgen", "c", "--wit", path("hello/wit"), "--world", "nowhere", "-o", path("c")))
                .isEqualTo(1);
        assertThat(err.toString()).contains("defines no world nowhere");
    }
}
