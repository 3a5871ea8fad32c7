package io.airssys.wasm.binary;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.abi.StandardNames;
import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.testing.Mutations;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The wasm reader takes untrusted bytes: whatever they are, it returns a structure or throws
 * {@link WasmFormatException}, and so do the editors built on it (fuel instrumentation and renaming included). Nothing else escapes.
 */
class WasmModuleReaderProperties {

    private static final List<byte[]> SEEDS = List.of(
            Wat.fixture("calculator"),
            Wat.fixture("abi-echo"),
            Wat.fixture("wasi-passthrough"),
            Wat.fixture("misbehaving"),
            CustomSectionEditor.append(
                    Wat.compile("(module (table 2 funcref) (memory 1 2) (global i32 (i32.const 1)))"),
                    "airssys:manifest",
                    "[component]\nid = \"x\"\nversion = \"1.0.0\"\n"),
            jcoModule());

    /** Appends a mark to every import and export name, which keeps them distinct. */
    private static final NameRewriter.Renaming MARKED = new NameRewriter.Renaming() {
        @Override
        public String exportName(String name) {
            return name + "~";
        }

        @Override
        public String importModule(String module, String name) {
            return module + "~";
        }

        @Override
        public String importName(String module, String name) {
            return name + "~";
        }
    };

    private static byte[] jcoModule() {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/jco/standard-dummy.wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> modules() {
        return Arbitraries.oneOf(
                Mutations.mutated(SEEDS),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512).map(tail -> {
                    byte[] module = new byte[8 + tail.length];
                    System.arraycopy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, module, 0, 8);
                    System.arraycopy(tail, 0, module, 8, tail.length);
                    return module;
                }));
    }

    @Property(tries = 800_000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void readsOrRefusesEveryBinary(@ForAll("modules") byte[] bytes) {
        WasmModuleInfo info;
        try {
            info = WasmModuleReader.read(bytes);
        } catch (WasmFormatException expected) {
            return;
        }
        info.exportedFunctions();
        info.customSections().forEach(section -> section.payloadAsString());
        try {
            WasmModuleReader.read(LimitRewriter.capTables(LimitRewriter.capMemories(bytes, 1024), 1000));
        } catch (IllegalArgumentException | WasmFormatException expected) {
            // a minimum above the cap, or a section the rewriter re-reads and refuses
        }
        try {
            WasmModuleReader.read(FuelInstrumenter.instrument(bytes, 1_000));
        } catch (WasmFormatException expected) {
            // code, segments or initializers the instrumenter cannot read or that name what is not there
        }
        WasmModuleReader.read(TrampolineInstrumenter.instrument(bytes).module());
        WasmModuleReader.read(NameRewriter.rename(bytes, MARKED));
        try {
            WasmModuleReader.read(StandardNames.toLegacy("fuzzed@1.0.0", bytes, BundledWit::all));
        } catch (WasmException expected) {
            // a cm32p2 name that matches no interface, or two names that mean the same
        }
        WasmModuleReader.read(
                CustomSectionEditor.strip(CustomSectionEditor.append(bytes, "airssys:test", "x"), "airssys:test"));
    }
}
