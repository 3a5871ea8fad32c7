package io.airssys.wasm.cli;

import io.airssys.wasm.binary.CustomSection;
import io.airssys.wasm.binary.ExternKind;
import io.airssys.wasm.binary.ExternType;
import io.airssys.wasm.binary.WasmModuleInfo;
import io.airssys.wasm.binary.WasmModuleReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "inspect",
        description = "Shows what an artifact contains: imports, exports, memories, "
                + "custom sections, its manifest and signature.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The artifact or core module.")
    Path artifact;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Files.readAllBytes(artifact);
        WasmModuleInfo info = WasmModuleReader.read(bytes);
        PrintWriter out = spec.commandLine().getOut();
        out.println(artifact + " (" + bytes.length + " bytes)");
        out.println("imports:");
        info.imports().forEach(i -> out.println("  " + i.module() + " " + i.name() + " " + i.type()));
        out.println("exports:");
        info.exports()
                .forEach(
                        e -> out.println("  " + e.name() + " " + e.kind().name().toLowerCase(Locale.ROOT)
                                + (e.kind() == ExternKind.FUNCTION ? " " + info.functionType(e.index()) : "")));
        out.println("memories:");
        for (ExternType.MemoryType memory : info.memories()) {
            out.println("  min " + memory.minPages() + " pages, max "
                    + (memory.maxPages().isPresent() ? memory.maxPages().getAsLong() + " pages" : "none"));
        }
        out.println("custom sections:");
        info.customSections().forEach(c -> out.println("  " + c.name() + " (" + c.payload().length + " bytes)"));
        info.customSection("airssys:manifest")
                .map(CustomSection::payloadAsString)
                .ifPresent(manifest -> {
                    out.println("manifest:");
                    manifest.lines().forEach(line -> out.println("  " + line));
                });
        info.customSection("airssys:signature")
                .map(CustomSection::payloadAsString)
                .ifPresent(signature -> {
                    out.println("signature:");
                    signature
                            .lines()
                            .filter(l -> !l.startsWith("signature:"))
                            .forEach(line -> out.println("  " + line));
                });
        return 0;
    }
}
