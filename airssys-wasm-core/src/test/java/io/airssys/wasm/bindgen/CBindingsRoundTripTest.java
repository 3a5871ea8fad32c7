package io.airssys.wasm.bindgen;

import io.airssys.wasm.testing.Toolchain;
import io.airssys.wasm.wit.WitWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The round trip through C bindings, compiled with clang -Wall -Wextra -Werror. */
class CBindingsRoundTripTest extends BindingsRoundTrip {

    @Override
    byte[] buildGuest(Path dir, WitWorld world) throws IOException {
        Toolchain.requireClang();
        CBindings.Files files = CBindings.generate(world);
        Files.writeString(dir.resolve(files.headerName()), files.header());
        Files.writeString(dir.resolve(files.sourceName()), files.source());
        Files.copy(SOURCES.resolve("everything_impl.c"), dir.resolve("everything_impl.c"));
        Path wasm = dir.resolve("everything.wasm");
        Toolchain.run(
                dir, Toolchain.clang(wasm, List.of(dir.resolve("everything.c"), dir.resolve("everything_impl.c"))));
        return Files.readAllBytes(wasm);
    }
}
