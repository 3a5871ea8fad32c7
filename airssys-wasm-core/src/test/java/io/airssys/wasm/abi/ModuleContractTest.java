package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admission checks a build tool runs without an engine, for modules that use resources. */
class ModuleContractTest {

    private static WitResolve wit() throws URISyntaxException {
        return WitParser.parse(
                Path.of(ModuleContractTest.class.getResource("/wit/resources").toURI()));
    }

    @Test
    void acceptsTheResourceBuiltInsAndDestructorsOfAConformingModule() throws Exception {
        var info = WasmModuleReader.read(Wat.fixture("resources"));
        WitResolve wit = wit();

        assertThat(ModuleContract.importProblems(info.imports(), List.of(wit))).isEmpty();
        assertThat(ModuleContract.exportedResourceProblems(info.imports(), Optional.of(wit)))
                .isEmpty();
        assertThat(ModuleContract.exportProblems(
                        info.exportedFunctions(), wit.findWorld("plugin").orElseThrow()))
                .isEmpty();
    }

    @Test
    void namesEveryResourceBuiltInTheHostCannotProvide() throws Exception {
        var info = WasmModuleReader.read(Wat.compile("""
                (module
                  (import "[export]test:res/counters@1.0.0" "[resource-new]gauge" (func (param i32) (result i32)))
                  (import "[export]test:res/counters@1.0.0" "[resource-rep]counter" (func (param i64) (result i32)))
                  (import "[export]test:res/counters@1.0.0" "[resource-steal]counter" (func (param i32)))
                  (import "[export]test:res/nowhere@1.0.0" "[resource-drop]x" (func (param i32)))
                  (import "test:res/logs@1.0.0" "[resource-drop]ledger" (func (param i32)))
                  (func (export "test:res/counters@1.0.0#[dtor]counter") (param i64)))
                """));
        WitResolve wit = wit();

        assertThat(ModuleContract.exportedResourceProblems(info.imports(), Optional.of(wit)))
                .containsExactly(
                        "it imports [export]test:res/counters@1.0.0#[resource-new]gauge but"
                                + " test:res/counters@1.0.0 defines no resource gauge",
                        "import [export]test:res/counters@1.0.0#[resource-rep]counter is [I64] -> [I32]"
                                + " but the canonical ABI needs [I32] -> [I32]",
                        "it imports [export]test:res/counters@1.0.0#[resource-steal]counter, but only"
                                + " [resource-new], [resource-rep] and [resource-drop] come from [export] interfaces",
                        "it imports [export]test:res/nowhere@1.0.0#[resource-drop]x but its WIT defines no"
                                + " interface test:res/nowhere@1.0.0");
        assertThat(ModuleContract.importProblems(info.imports(), List.of(wit)))
                .containsExactly("it imports test:res/logs@1.0.0#[resource-drop]ledger but test:res/logs@1.0.0"
                        + " defines no resource ledger");
        assertThat(ModuleContract.exportProblems(
                        info.exportedFunctions(), wit.findWorld("plugin").orElseThrow()))
                .contains("export test:res/counters@1.0.0#[dtor]counter is [I64] -> [] but a destructor is"
                        + " [I32] -> []");
    }
}
