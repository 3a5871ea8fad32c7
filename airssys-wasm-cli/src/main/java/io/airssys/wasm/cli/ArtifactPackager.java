package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.abi.ModuleContract;
import io.airssys.wasm.abi.StandardNames;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.binary.WasmImport;
import io.airssys.wasm.binary.WasmModuleInfo;
import io.airssys.wasm.binary.WasmModuleReader;
import io.airssys.wasm.bindgen.AssemblyScriptBindings;
import io.airssys.wasm.host.BundledWit;
import io.airssys.wasm.manifest.ComponentManifest;
import io.airssys.wasm.manifest.ManifestParser;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.wit.EmbeddedWit;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitWorld;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes a component artifact from a core module: embeds the manifest and WIT, after checking
 * what admission checks without an engine, so an artifact it writes is not refused later for
 * its names or signatures: the manifest parses, the WIT defines the manifest's world, every
 * export the world needs exists with its core signature, every import is a function of an
 * interface the host implements (or, for an application interface the manifest requests, of
 * the component's own WIT) with the signature its WIT type gives. Exports AssemblyScript
 * bindings had to encode get their canonical names back.
 */
final class ArtifactPackager {

    static final String MANIFEST_SECTION = "airssys:manifest";
    static final String WIT_SECTION = "airssys:wit";

    /** An artifact and the manifest it carries. */
    record Packaged(byte[] artifact, ComponentManifest manifest) {}

    private ArtifactPackager() {}

    static Packaged pack(byte[] compiled, String manifestSource, String manifestText, Optional<Path> wit) {
        WasmModuleReader.read(compiled);
        // names AssemblyScript cannot spell arrive encoded (cabi$...); the artifact carries the canonical ones
        byte[] module = AssemblyScriptBindings.canonicalExportNames(compiled);
        ComponentManifest manifest = ManifestParser.parse(manifestSource, manifestText);
        Optional<String> witText = wit.map(path ->
                EmbeddedWit.of(path, Set.of("airssys:core", "airssys:filesystem", "airssys:http", "airssys:process")));
        Optional<WitResolve> own =
                witText.map(text -> BundledWit.parseWith(wit.get().toString(), text));
        check(module, manifest, own);
        byte[] artifact = CustomSectionEditor.strip(module, MANIFEST_SECTION);
        artifact = CustomSectionEditor.append(artifact, MANIFEST_SECTION, manifestText);
        if (witText.isPresent()) {
            artifact = CustomSectionEditor.strip(artifact, WIT_SECTION);
            artifact = CustomSectionEditor.append(artifact, WIT_SECTION, witText.get());
        }
        return new Packaged(artifact, manifest);
    }

    private static boolean requestsHostInterface(ComponentManifest manifest, String module) {
        Capability wanted = new Capability.HostInterfaceImport(NamePattern.parse(module));
        return manifest.requested().all(Capability.HostInterfaceImport.class).anyMatch(c -> c.covers(wanted));
    }

    private static void check(byte[] module, ComponentManifest manifest, Optional<WitResolve> own) {
        List<WitResolve> known = new ArrayList<>();
        own.ifPresent(known::add);
        known.addAll(BundledWit.all());
        String label = manifest.label();
        byte[] renamed = StandardNames.toLegacy(label, module, () -> known);
        WasmModuleInfo info = WasmModuleReader.read(renamed);
        // interfaces the manifest requests from the application are checked against the component's own WIT;
        // whether the application offers them is known only where it runs
        Map<Boolean, List<WasmImport>> fromApplication = info.imports().stream()
                .collect(Collectors.partitioningBy(i -> requestsHostInterface(manifest, i.module())));
        List<String> problems =
                new ArrayList<>(ModuleContract.importProblems(fromApplication.get(false), BundledWit.implemented()));
        problems.addAll(ModuleContract.importProblems(
                fromApplication.get(true), own.stream().toList()));
        problems.addAll(ModuleContract.exportedResourceProblems(info.imports(), own));
        if (manifest.world().isPresent()) {
            String name = manifest.world().get();
            WitResolve core = BundledWit.load("core");
            Optional<WitWorld> world =
                    own.flatMap(resolve -> resolve.findWorld(name)).or(() -> core.findWorld(name));
            if (world.isEmpty()) {
                problems.add("its manifest names world " + name + ", which neither its WIT nor airssys:core defines");
            } else {
                problems.addAll(ModuleContract.exportProblems(info.exportedFunctions(), world.get()));
            }
        }
        if (!problems.isEmpty()) {
            throw new WasmException(label + " would be refused: " + String.join("; ", problems));
        }
    }
}
