package io.airssys.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.binary.ExternType.MemoryType;
import io.airssys.wasm.binary.ExternType.TableType;
import io.airssys.wasm.testing.Wat;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LimitRewriterTest {

    @Test
    void addsAMaximumToAnUnboundedMemory() {
        byte[] capped = LimitRewriter.capMemories(Wat.compile("(module (memory 1))"), 4);

        assertThat(WasmModuleReader.read(capped).memories())
                .containsExactly(new MemoryType(1, OptionalLong.of(4), false, false));
    }

    @Test
    void lowersAMaximumAboveTheCap() {
        byte[] capped = LimitRewriter.capMemories(Wat.compile("(module (memory 2 1000))"), 16);

        assertThat(WasmModuleReader.read(capped).memories())
                .containsExactly(new MemoryType(2, OptionalLong.of(16), false, false));
    }

    @Test
    void keepsAMaximumAlreadyBelowTheCap() {
        byte[] capped = LimitRewriter.capMemories(Wat.compile("(module (memory 1 3))"), 16);

        assertThat(WasmModuleReader.read(capped).memories())
                .containsExactly(new MemoryType(1, OptionalLong.of(3), false, false));
    }

    @Test
    void leavesEveryOtherSectionByteForByte() {
        byte[] original = Wat.fixture("calculator");
        WasmModuleInfo before = WasmModuleReader.read(original);

        byte[] capped = LimitRewriter.capMemories(original, 8);
        WasmModuleInfo after = WasmModuleReader.read(capped);

        assertThat(after.sections()).hasSameSizeAs(before.sections());
        for (int i = 0; i < before.sections().size(); i++) {
            Section was = before.sections().get(i);
            Section now = after.sections().get(i);
            assertThat(now.id()).isEqualTo(was.id());
            if (was.id() != Section.MEMORY) {
                assertThat(Arrays.copyOfRange(capped, now.payloadOffset(), now.end()))
                        .isEqualTo(Arrays.copyOfRange(original, was.payloadOffset(), was.end()));
            }
        }
        assertThat(after.exports()).isEqualTo(before.exports());
    }

    @Test
    void leavesAModuleWithoutMemoryUnchanged() {
        byte[] original = Wat.compile("(module (func (export \"f\")))");

        assertThat(LimitRewriter.capMemories(original, 1)).isEqualTo(original);
    }

    @Test
    void refusesACapBelowTheInitialSize() {
        assertThatThrownBy(() -> LimitRewriter.capMemories(Wat.compile("(module (memory 10))"), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum of 10 pages exceeds the cap of 4 pages");
    }

    @Test
    void addsAMaximumToAnUnboundedTable() {
        byte[] capped = LimitRewriter.capTables(Wat.compile("(module (table 2 funcref) (memory 1))"), 100);

        WasmModuleInfo info = WasmModuleReader.read(capped);
        assertThat(info.tables()).containsExactly(new TableType(ValueType.FUNCREF, 2, OptionalLong.of(100)));
        assertThat(info.memories()).containsExactly(new MemoryType(1, OptionalLong.empty(), false, false));
    }

    @Test
    void lowersATableMaximumAboveTheCapAndKeepsOneBelowIt() {
        byte[] capped =
                LimitRewriter.capTables(Wat.compile("(module (table 1 5000 funcref) (table 1 3 externref))"), 64);

        assertThat(WasmModuleReader.read(capped).tables())
                .containsExactly(
                        new TableType(ValueType.FUNCREF, 1, OptionalLong.of(64)),
                        new TableType(ValueType.EXTERNREF, 1, OptionalLong.of(3)));
    }

    @Test
    void refusesATableCapBelowItsInitialSize() {
        assertThatThrownBy(() -> LimitRewriter.capTables(Wat.compile("(module (table 10 funcref))"), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table minimum of 10 elements exceeds the cap of 4 elements");
    }
}
