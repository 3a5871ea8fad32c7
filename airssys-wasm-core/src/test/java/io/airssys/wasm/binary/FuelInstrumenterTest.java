package io.airssys.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class FuelInstrumenterTest {

    /** type 0 = () -> (), one function of that type with {@code body} (locals included, final end included). */
    private static byte[] moduleWithBody(byte... body) {
        ByteWriter out = new ByteWriter()
                .writeBytes(WasmModuleReader.MAGIC)
                .writeBytes(WasmModuleReader.VERSION)
                .writeSection(Section.TYPE, new byte[] {1, 0x60, 0, 0})
                .writeSection(Section.FUNCTION, new byte[] {1, 0});
        byte[] code = new ByteWriter()
                .writeUnsignedLeb(1)
                .writeUnsignedLeb(body.length)
                .writeBytes(body)
                .toByteArray();
        return out.writeSection(Section.CODE, code).toByteArray();
    }

    @Test
    void addsTheCounterAndItsTwoExportsAndKeepsEverythingElse() {
        byte[] module = CustomSectionEditor.append(
                Wat.compile("(module (global $g (mut i32) (i32.const 7)) (memory 1)"
                        + " (func (export \"f\") (result i32) (global.get $g)))"),
                "airssys:manifest",
                "x");

        WasmModuleInfo info = WasmModuleReader.read(FuelInstrumenter.instrument(module, 100));

        assertThat(info.exportedFunctions()).containsOnlyKeys("f", "airssys:set-fuel", "airssys:fuel-left");
        assertThat(info.exportedFunction("airssys:set-fuel").orElseThrow().params())
                .containsExactly(ValueType.I64);
        assertThat(info.exportedFunction("airssys:fuel-left").orElseThrow().results())
                .containsExactly(ValueType.I64);
        assertThat(info.customSection("airssys:manifest").orElseThrow().payloadAsString())
                .isEqualTo("x");
        assertThat(info.memories()).hasSize(1);
    }

    @Test
    void instrumentsAModuleWithNoSectionsAtAll() {
        WasmModuleInfo info = WasmModuleReader.read(FuelInstrumenter.instrument(Wat.compile("(module)"), 1));

        assertThat(info.exportedFunctions()).containsOnlyKeys("airssys:set-fuel", "airssys:fuel-left");
    }

    @Test
    void readsEveryInstructionOfACompiledCProgram() throws IOException {
        byte[] program;
        try (InputStream in = getClass().getResourceAsStream("/wasm/c/wasi_files.wasm")) {
            program = in.readAllBytes();
        }

        byte[] instrumented = FuelInstrumenter.instrument(program, 1_000);

        assertThat(WasmModuleReader.read(instrumented).exportedFunctions())
                .containsKeys("_initialize", "write-and-read", "airssys:set-fuel");
        assertThat(instrumented.length).isGreaterThan(program.length);
    }

    @Test
    void refusesCodeThatCallsAFunctionTheModuleDoesNotHave() {
        byte[] callsFunctionOne = moduleWithBody((byte) 0x00, (byte) 0x10, (byte) 0x01, (byte) 0x0B);

        // once instrumented, function 1 would be the fuel setter
        assertThatThrownBy(() -> FuelInstrumenter.instrument(callsFunctionOne, 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("refers to function 1 but the module has only 1");
    }

    @Test
    void refusesCodeThatNamesAGlobalTheModuleDoesNotHave() {
        byte[] setsGlobalZero = moduleWithBody((byte) 0x00, (byte) 0x42, (byte) 0x7F, (byte) 0x24, (byte) 0x00, (byte)
                0x0B); // i64.const -1; global.set 0

        // once instrumented, global 0 would be the counter
        assertThatThrownBy(() -> FuelInstrumenter.instrument(setsGlobalZero, 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("refers to global 0 but the module has only 0");
    }

    @Test
    void refusesAnElementSegmentThatPlacesAFunctionTheModuleDoesNotHave() {
        byte[] module = new ByteWriter()
                .writeBytes(WasmModuleReader.MAGIC)
                .writeBytes(WasmModuleReader.VERSION)
                .writeSection(Section.TABLE, new byte[] {1, 0x70, 0x00, 0x01})
                // active segment for table 0 at offset 0 holding function 0, which does not exist
                .writeSection(Section.ELEMENT, new byte[] {1, 0x00, 0x41, 0x00, 0x0B, 1, 0x00})
                .toByteArray();

        assertThatThrownBy(() -> FuelInstrumenter.instrument(module, 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("refers to function 0 but the module has only 0");
    }

    @Test
    void refusesAModuleThatAlreadyExportsAReservedName() {
        byte[] module = Wat.compile("(module (func (export \"airssys:set-fuel\") (param i64)))");

        assertThatThrownBy(() -> FuelInstrumenter.instrument(module, 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("export name 'airssys:set-fuel' is reserved for the host");
    }

    @Test
    void refusesAnOpcodeItCannotRead() {
        byte[] gcInstruction = moduleWithBody((byte) 0x00, (byte) 0xFB, (byte) 0x00, (byte) 0x0B);

        assertThatThrownBy(() -> FuelInstrumenter.instrument(gcInstruction, 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("unknown or unsupported opcode 0xfb");
    }

    @Test
    void refusesCodeAfterTheFunctionsFinalEnd() {
        byte[] trailing = moduleWithBody((byte) 0x00, (byte) 0x0B, (byte) 0x01);

        assertThatThrownBy(() -> FuelInstrumenter.instrument(trailing, 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("code continues after the function's final end");
    }

    @Test
    void refusesAModuleOfNothingButLoopsRatherThanGrowItTenfold() {
        int loops = 2_000;
        byte[] body = new byte[1 + 2 * loops + loops + 1];
        for (int i = 0; i < loops; i++) {
            body[1 + 2 * i] = 0x03; // loop
            body[2 + 2 * i] = 0x40; // with no result
        }
        java.util.Arrays.fill(body, 1 + 2 * loops, body.length, (byte) 0x0B);

        assertThatThrownBy(() -> FuelInstrumenter.instrument(moduleWithBody(body), 10))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("so many loops that counting them would make it more than 4 times its size");
    }
}
