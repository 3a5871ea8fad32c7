package io.airssys.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ExternType.MemoryType;
import io.airssys.wasm.testing.Wat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class WasmModuleReaderTest {

    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    @Test
    void readsImportsWithTheirKindsAndSignatures() {
        WasmModuleInfo info = WasmModuleReader.read(Wat.compile("""
                (module
                  (import "host" "add" (func (param i32 i32) (result i32)))
                  (import "env" "mem" (memory 2 10))
                  (import "env" "table" (table 1 funcref))
                  (import "env" "counter" (global (mut i64))))
                """));

        assertThat(info.imports())
                .extracting(WasmImport::module, WasmImport::name, WasmImport::kind)
                .containsExactly(
                        Tuple.tuple("host", "add", ExternKind.FUNCTION),
                        Tuple.tuple("env", "mem", ExternKind.MEMORY),
                        Tuple.tuple("env", "table", ExternKind.TABLE),
                        Tuple.tuple("env", "counter", ExternKind.GLOBAL));
        assertThat(info.imports().get(0).type())
                .isEqualTo(new FunctionType(List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)));
        assertThat(info.imports().get(1).type()).isEqualTo(new MemoryType(2, OptionalLong.of(10), false, false));
        assertThat(info.imports().get(3).type()).isEqualTo(new ExternType.GlobalType(ValueType.I64, true));
    }

    @Test
    void readsExportsWithKindsAndResolvesFunctionSignatures() {
        WasmModuleInfo info = WasmModuleReader.read(Wat.fixture("calculator"));

        assertThat(info.export("memory"))
                .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(ExternKind.MEMORY));
        assertThat(info.exportedFunction("mul64"))
                .contains(new FunctionType(List.of(ValueType.I64, ValueType.I64), List.of(ValueType.I64)));
        assertThat(info.exportedFunction("half"))
                .contains(new FunctionType(List.of(ValueType.F64), List.of(ValueType.F64)));
        assertThat(info.exportedFunction("memory")).isEmpty();
        assertThat(info.exportedFunctions()).containsKeys("add", "add_via_host", "log_greeting", "_initialize");
    }

    @Test
    void resolvesSignaturesOfExportedImportedFunctions() {
        WasmModuleInfo info = WasmModuleReader.read(Wat.compile("""
                (module
                  (import "host" "f" (func $f (param f32)))
                  (export "reexported" (func $f)))
                """));

        assertThat(info.exportedFunction("reexported")).contains(new FunctionType(List.of(ValueType.F32), List.of()));
    }

    @Test
    void readsMemoryLimits() {
        WasmModuleInfo info = WasmModuleReader.read(Wat.compile("(module (memory 3 7))"));

        assertThat(info.memories()).containsExactly(new MemoryType(3, OptionalLong.of(7), false, false));
        assertThat(WasmModuleReader.read(Wat.compile("(module (memory 1))")).memories())
                .containsExactly(new MemoryType(1, OptionalLong.empty(), false, false));
    }

    @Test
    void readsCustomSections() {
        byte[] module = CustomSectionEditor.append(Wat.compile("(module)"), "airssys:manifest", "id = \"x\"");

        WasmModuleInfo info = WasmModuleReader.read(module);

        assertThat(info.customSection("airssys:manifest"))
                .hasValueSatisfying(
                        section -> assertThat(section.payloadAsString()).isEqualTo("id = \"x\""));
        assertThat(info.sections()).extracting(Section::id).contains(Section.CUSTOM);
    }

    @Test
    void acceptsTheSmallestModule() {
        WasmModuleInfo info = WasmModuleReader.read(HEADER);

        assertThat(info.sections()).isEmpty();
        assertThat(info.exports()).isEmpty();
    }

    @Test
    void rejectsBytesThatAreNotWasm() {
        assertThatThrownBy(() -> WasmModuleReader.read("hello, world".getBytes()))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("offset 0")
                .hasMessageContaining("magic");
    }

    @Test
    void rejectsInputShorterThanTheHeader() {
        assertThatThrownBy(() -> WasmModuleReader.read(new byte[] {0x00, 0x61, 0x73}))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("shorter than the 8-byte wasm header");
    }

    @Test
    void rejectsComponentModelBinariesByVersion() {
        byte[] component = {0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00};

        WasmFormatException e = (WasmFormatException) catchThrowable(() -> WasmModuleReader.read(component));

        assertThat(e.offset()).isEqualTo(4);
        assertThat(e.reason()).contains("WebAssembly component").contains("not a core module");
    }

    @Test
    void rejectsSectionLongerThanTheBinary() {
        byte[] bytes = concat(HEADER, new byte[] {Section.TYPE, 0x7F, 0x00});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("offset 8")
                .hasMessageContaining("declares 127 bytes but only 1 remain");
    }

    @Test
    void rejectsUnknownSectionId() {
        byte[] bytes = concat(HEADER, new byte[] {0x20, 0x00});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("unknown section id 32");
    }

    @Test
    void rejectsOverlongLeb128() {
        byte[] bytes = concat(
                HEADER,
                new byte[] {Section.TYPE, (byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("integer representation too long");
    }

    @Test
    void rejectsLeb128WithBitsBeyond32() {
        byte[] bytes =
                concat(HEADER, new byte[] {Section.TYPE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("out of range for u32");
    }

    @Test
    void rejectsCustomSectionWithInvalidUtf8Name() {
        byte[] bytes = concat(HEADER, new byte[] {Section.CUSTOM, 0x03, 0x02, (byte) 0xC3, 0x28});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void rejectsSectionsOutOfOrder() {
        byte[] bytes = concat(HEADER, new byte[] {Section.MEMORY, 0x01, 0x00, Section.TYPE, 0x01, 0x00});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("out of order or duplicated");
    }

    @Test
    void rejectsVectorCountLargerThanItsSection() {
        byte[] bytes = concat(
                HEADER, new byte[] {Section.TYPE, 0x05, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void rejectsFunctionTypeIndexOutOfRange() {
        // function section declaring one function of type 3 while there are no types
        byte[] bytes = concat(HEADER, new byte[] {Section.FUNCTION, 0x02, 0x01, 0x03});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("type index 3 out of range");
    }

    @Test
    void rejectsDuplicateExportNames() {
        byte[] bytes = concat(HEADER, new byte[] {
            Section.MEMORY,
            0x03,
            0x01,
            0x00,
            0x01,
            Section.EXPORT,
            0x09,
            0x02,
            0x01,
            'm',
            0x02,
            0x00,
            0x01,
            'm',
            0x02,
            0x00
        });

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("duplicate export name 'm'");
    }

    @Test
    void rejectsFunctionsWithoutBodies() {
        byte[] bytes = concat(
                HEADER, new byte[] {Section.TYPE, 0x04, 0x01, 0x60, 0x00, 0x00, Section.FUNCTION, 0x02, 0x01, 0x00});

        assertThatThrownBy(() -> WasmModuleReader.read(bytes))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("declares 1 functions but the code section has 0 bodies");
    }

    @Test
    void everyTruncationIsEitherASectionBoundaryOrAFormatError() {
        byte[] module = Wat.fixture("calculator");
        List<Integer> boundaries = WasmModuleReader.read(module).sections().stream()
                .map(Section::end)
                .toList();

        for (int length = 0; length < module.length; length++) {
            byte[] truncated = Arrays.copyOf(module, length);
            Throwable thrown = catchThrowable(() -> WasmModuleReader.read(truncated));
            if (thrown == null) {
                assertThat(length)
                        .as("a truncation that reads must end on a section")
                        .isIn(boundariesAndHeader(boundaries));
            } else {
                assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(WasmFormatException.class);
            }
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButAFormatError() {
        byte[] module = Wat.fixture("calculator");
        Random random = new Random(42);

        for (int i = 0; i < 20_000; i++) {
            byte[] corrupted = module.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                corrupted[8 + random.nextInt(corrupted.length - 8)] = (byte) random.nextInt(256);
            }
            Throwable thrown = catchThrowable(() -> WasmModuleReader.read(corrupted));
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(WasmFormatException.class);
                assertThat(((WasmFormatException) thrown).offset()).isBetween(0L, (long) corrupted.length);
            }
        }
    }

    private static List<Integer> boundariesAndHeader(List<Integer> boundaries) {
        List<Integer> all = new ArrayList<>(boundaries);
        all.add(8);
        return all;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A module defining {@code count} empty functions, built directly so any count is cheap to make. */
    static byte[] moduleWithFunctions(int count) {
        ByteWriter functions = new ByteWriter().writeUnsignedLeb(count);
        ByteWriter code = new ByteWriter().writeUnsignedLeb(count);
        for (int i = 0; i < count; i++) {
            functions.writeByte(0);
            code.writeByte(2).writeByte(0).writeByte(0x0B);
        }
        return new ByteWriter()
                .writeBytes(HEADER)
                .writeSection(Section.TYPE, new byte[] {1, 0x60, 0, 0})
                .writeSection(Section.FUNCTION, functions.toByteArray())
                .writeSection(Section.CODE, code.toByteArray())
                .toByteArray();
    }

    @Test
    void refusesMoreFunctionsThanTheLimitBeforeReadingTheirCode() {
        byte[] million = moduleWithFunctions(1_000_000);

        long start = System.nanoTime();
        assertThatThrownBy(() -> WasmModuleReader.read(million))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("module has 1000000 functions, above the limit of 50000");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(WasmModuleReader.read(moduleWithFunctions(50_000)).functionTypeIndices())
                .hasSize(50_000);
    }

    @Test
    void refusesABinaryLargerThanTheLimit() {
        byte[] module = Wat.compile("(module (memory 1))");

        assertThatThrownBy(() -> WasmModuleReader.read(module, BinaryLimits.DEFAULT.withMaxModuleBytes(10)))
                .isInstanceOf(WasmFormatException.class)
                .hasMessageContaining("binary is " + module.length + " bytes, above the limit of 10 bytes");
    }

    @Test
    void refusesAnOversizedMetadataSectionButNotOtherCustomSections() {
        byte[] module = Wat.compile("(module)");
        byte[] bigManifest = CustomSectionEditor.append(module, "airssys:manifest", "x".repeat(2_000));
        byte[] bigNames = CustomSectionEditor.append(module, "producers", "x".repeat(2_000));
        BinaryLimits limits = BinaryLimits.DEFAULT.withMaxMetadataBytes(1_000);

        assertThatThrownBy(() -> WasmModuleReader.read(bigManifest, limits))
                .hasMessageContaining("custom section 'airssys:manifest' is 2000 bytes, above the limit of 1000 bytes");
        assertThat(WasmModuleReader.read(bigNames, limits).customSections()).hasSize(1);
    }

    @Test
    void readsTablesWithTheirLimits() {
        WasmModuleInfo info = WasmModuleReader.read(Wat.compile("(module (table 2 10 funcref) (table 1 externref))"));

        assertThat(info.tables())
                .containsExactly(
                        new ExternType.TableType(ValueType.FUNCREF, 2, OptionalLong.of(10)),
                        new ExternType.TableType(ValueType.EXTERNREF, 1, OptionalLong.empty()));
    }
}
