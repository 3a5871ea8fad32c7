package io.airssys.wasm.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.testing.Toolchain;
import io.airssys.wasm.wit.WitWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The round trip through AssemblyScript bindings, compiled with the project's pinned asc. */
class AssemblyScriptBindingsRoundTripTest extends BindingsRoundTrip {

    @Override
    byte[] buildGuest(Path dir, WitWorld world) throws IOException {
        Path asc = Toolchain.requireAssemblyScript();
        AssemblyScriptBindings.Files files = AssemblyScriptBindings.generate(world, "../component");
        Path assembly = dir.resolve("assembly");
        Files.createDirectories(assembly.resolve("bindings"));
        Files.writeString(assembly.resolve("bindings").resolve(files.typesName()), files.types());
        Files.writeString(assembly.resolve("bindings").resolve(files.exportsName()), files.exports());
        Files.copy(SOURCES.resolve("everything_impl.ts"), assembly.resolve("component.ts"));
        Files.writeString(assembly.resolve("index.ts"), "export * from \"./bindings/everything_exports\";\n");
        Path wasm = dir.resolve("everything.wasm");
        String output = Toolchain.run(dir, Toolchain.asc(asc, "assembly/index.ts", wasm));
        assertThat(output).as("asc compiles the bindings without warnings").doesNotContain("WARNING");
        return AssemblyScriptBindings.canonicalExportNames(Files.readAllBytes(wasm));
    }
}
