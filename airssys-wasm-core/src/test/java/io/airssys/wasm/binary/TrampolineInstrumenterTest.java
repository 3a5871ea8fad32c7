package io.airssys.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.testing.Wat;
import org.junit.jupiter.api.Test;

class TrampolineInstrumenterTest {

    @Test
    void addsATrampolinePerExportedFunctionOfNumbersAndTheScratchSetter() {
        byte[] module = Wat.compile("""
                (module (memory (export "memory") 1)
                  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
                  (func (export "wide") (param i32 i32 i32) (result i64 i64 i64 i64 i64)
                    (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5))
                  (func (export "vector") (param v128) (result v128) (local.get 0)))
                """);

        TrampolineInstrumenter.Result result = TrampolineInstrumenter.instrument(module);

        assertThat(result.trampolines()).containsOnlyKeys("add", "wide");
        assertThat(result.scratchBytes()).isEqualTo(5 * TrampolineInstrumenter.SLOT_BYTES);
        WasmModuleInfo info = WasmModuleReader.read(result.module());
        assertThat(info.exportedFunctions())
                .containsKeys("add", "wide", "vector", "airssys:set-scratch", "airssys:trampoline:add");
        assertThat(info.exportedFunction("airssys:trampoline:wide").orElseThrow())
                .satisfies(type -> {
                    assertThat(type.params()).isEmpty();
                    assertThat(type.results()).isEmpty();
                });
    }

    @Test
    void leavesAModuleWithoutMemoryAsItIs() {
        byte[] module = Wat.compile("(module (func (export \"f\") (result i32) (i32.const 1)))");

        TrampolineInstrumenter.Result result = TrampolineInstrumenter.instrument(module);

        assertThat(result.module()).isEqualTo(module);
        assertThat(result.trampolines()).isEmpty();
    }

    @Test
    void leavesAModuleUsingAReservedNameAsItIs() {
        byte[] module =
                Wat.compile("(module (memory 1) (func (export \"airssys:trampoline:f\")) (func (export \"f\")))");

        assertThat(TrampolineInstrumenter.instrument(module).trampolines()).isEmpty();
    }

    @Test
    void addsNoneToAModuleExportingMoreThanItsLimit() {
        StringBuilder exports = new StringBuilder();
        for (int i = 0; i <= TrampolineInstrumenter.MAX_TRAMPOLINES; i++) {
            exports.append(" (export \"e").append(i).append("\")");
        }
        byte[] module = Wat.compile(
                "(module (memory 1) (func" + exports + " (param i32 i32 i32) (result i32)" + " (local.get 0)))");

        TrampolineInstrumenter.Result result = TrampolineInstrumenter.instrument(module);

        assertThat(result.trampolines()).isEmpty();
        assertThat(result.module()).isEqualTo(module);
    }
}
