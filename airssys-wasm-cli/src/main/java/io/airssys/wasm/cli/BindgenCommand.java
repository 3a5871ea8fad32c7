package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.bindgen.AssemblyScriptBindings;
import io.airssys.wasm.bindgen.CBindings;
import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bindgen",
        description = "Generates guest bindings that implement the canonical ABI for a world.",
        subcommands = {BindgenCommand.C.class, BindgenCommand.AssemblyScript.class})
final class BindgenCommand {

    /** Options every language shares. */
    abstract static class Options {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--wit",
                required = true,
                description = "A .wit file or package directory (with deps/; airssys packages need not be there).")
        Path wit;

        @Option(
                names = "--world",
                required = true,
                description = "The world: a name in the package, or ns:pkg/world@version.")
        String world;

        @Option(
                names = {"-o", "--out"},
                required = true,
                description = "The directory to write the bindings into.")
        Path out;

        WitWorld world() {
            return findWorld(BundledWit.parsePath(wit), world, wit);
        }

        void write(String name, String text) throws IOException {
            Files.createDirectories(out);
            Files.writeString(out.resolve(name), text);
            spec.commandLine().getOut().println("wrote " + out.resolve(name));
        }
    }

    static WitWorld findWorld(WitResolve resolve, String name, Path wit) {
        return resolve.findWorld(name)
                .orElseThrow(() -> new WasmException(wit + " defines no world " + name + "; its package "
                        + resolve.mainPackage().name() + " has "
                        + resolve.mainPackage().worlds().keySet()));
    }

    @Command(
            name = "c",
            description = "A C header and source: C types for every WIT type, prototypes of the exports to "
                    + "implement, callable imports, cabi_realloc, post-return and _free helpers "
                    + "(wit-bindgen c's names and conventions).")
    static final class C extends Options implements Callable<Integer> {

        @Override
        public Integer call() throws IOException {
            CBindings.Files files = CBindings.generate(world());
            write(files.headerName(), files.header());
            write(files.sourceName(), files.source());
            return 0;
        }
    }

    @Command(
            name = "assemblyscript",
            description = "Two AssemblyScript modules: <world>.ts with classes for records and variants, Option, "
                    + "Result, tuples and the host's functions; <world>_exports.ts with the core exports, which call "
                    + "the implementation module (re-export it from the entry file).")
    static final class AssemblyScript extends Options implements Callable<Integer> {

        @Option(
                names = "--implementation",
                description = "The module implementing the exports, relative to the bindings; default: ../component")
        String implementation = "../component";

        @Override
        public Integer call() throws IOException {
            AssemblyScriptBindings.Files files = AssemblyScriptBindings.generate(world(), implementation);
            write(files.typesName(), files.types());
            write(files.exportsName(), files.exports());
            return 0;
        }
    }
}
