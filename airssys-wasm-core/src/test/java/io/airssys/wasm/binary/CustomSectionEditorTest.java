package io.airssys.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.Wat;
import org.junit.jupiter.api.Test;

class CustomSectionEditorTest {

    @Test
    void appendedSectionIsReadBack() {
        byte[] module = CustomSectionEditor.append(Wat.fixture("calculator"), "airssys:wit", "package a:b;");

        assertThat(WasmModuleReader.read(module).customSection("airssys:wit"))
                .hasValueSatisfying(s -> assertThat(s.payloadAsString()).isEqualTo("package a:b;"));
    }

    @Test
    void stripRestoresTheOriginalBytes() {
        byte[] original = Wat.fixture("calculator");

        byte[] signed = CustomSectionEditor.append(original, "airssys:signature", new byte[] {1, 2, 3});

        assertThat(CustomSectionEditor.strip(signed, "airssys:signature")).isEqualTo(original);
    }

    @Test
    void stripRemovesEveryNamedSectionAndKeepsOthers() {
        byte[] module = Wat.compile("(module)");
        module = CustomSectionEditor.append(module, "a", "1");
        module = CustomSectionEditor.append(module, "b", "2");
        module = CustomSectionEditor.append(module, "a", "3");

        WasmModuleInfo info = WasmModuleReader.read(CustomSectionEditor.strip(module, "a"));

        assertThat(info.customSections()).extracting(CustomSection::name).containsExactly("b");
    }

    @Test
    void refusesToEditMalformedInput() {
        assertThatThrownBy(() -> CustomSectionEditor.append(new byte[] {1, 2, 3}, "x", "y"))
                .isInstanceOf(WasmFormatException.class);
        assertThatThrownBy(() -> CustomSectionEditor.strip(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 0, 9}, "x"))
                .isInstanceOf(WasmFormatException.class);
    }
}
