package io.airssys.wasm.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitWorld;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Names and shapes of the generated AssemblyScript, and the export names it encodes. */
class AssemblyScriptBindingsTest {

    @Test
    void encodesExportNamesAssemblyScriptCannotSpellAndDecodesThemBack() {
        String canonical = "cabi_post_test:all/guest@1.0.0#echo-bundle";
        String encoded = AssemblyScriptBindings.encodeExportName(canonical);

        assertThat(encoded).matches("cabi\\$[A-Za-z0-9_$]+");
        assertThat(AssemblyScriptBindings.decodeExportName(encoded)).isEqualTo(canonical);
        assertThat(AssemblyScriptBindings.decodeExportName("cabi$not$ZZhex")).isEqualTo("cabi$not$ZZhex");
        assertThat(AssemblyScriptBindings.decodeExportName("cabi$trailing$4")).isEqualTo("cabi$trailing$4");
    }

    @Test
    void renamesOnlyTheEncodedExportsOfACompiledModule() {
        byte[] module = Wat.compile("(module (func (export \"cabi$ns$3Apkg$2Fi$401$2E0$2E0$23do_it\")) "
                + "(func (export \"plain\")) (memory (export \"memory\") 1))");

        assertThat(WasmModuleReader.read(AssemblyScriptBindings.canonicalExportNames(module))
                        .exportedFunctions())
                .containsOnlyKeys("ns:pkg/i@1.0.0#do-it", "plain");
    }

    @Test
    void namesTypesAndFunctionsForAnAssemblyScriptAuthor() {
        WitWorld world = WitParser.parse(Path.of("src/test/resources/bindgen/everything.wit"))
                .findWorld("everything")
                .orElseThrow();

        AssemblyScriptBindings.Files files = AssemblyScriptBindings.generate(world, "../component");

        assertThat(files.typesName()).isEqualTo("everything.ts");
        assertThat(files.exportsName()).isEqualTo("everything_exports.ts");
        assertThat(files.types())
                .contains("export class Point {\n  constructor(public x: i32, public y: i32) {}\n}")
                .contains("export enum Color {\n  Red = 0,")
                .contains("export namespace Perms {\n  export const READ: u8 = 1;")
                .contains("static circle(value: f32): Shape {")
                .contains("export namespace host {")
                .contains("export function echoBundle(b: Bundle): Bundle {")
                .contains("export function twice(x: u32): u32 {")
                .contains("@external(\"$root\", \"twice\")");
        assertThat(files.exports())
                .contains("import * as impl from \"../component\";")
                .contains("export function cabi_realloc(")
                .contains("impl.guest.echoBundle(")
                .contains("impl.version(");
    }

    @Test
    void refusesTwoTypesThatWouldShareAName() {
        WitWorld world = WitParser.parse("clash.wit", """
                        package test:clash@1.0.0;
                        interface a { record item { x: u32 } get: func() -> item; }
                        interface b { record item { y: u32 } get: func() -> item; }
                        world w { import a; import b; }
                        """).findWorld("w").orElseThrow();

        assertThatThrownBy(() -> AssemblyScriptBindings.generate(world, "../component"))
                .isInstanceOf(BindgenException.class)
                .hasMessageContaining("would both be Item in AssemblyScript");
    }
}
