package io.airssys.wasm.engine;

import io.airssys.wasm.binary.ExternKind;
import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.WasmImport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matches a module's imports to the host functions on offer, once per pool, so a missing or
 * mistyped import fails when the pool is made, listing every problem, rather than on first call.
 */
final class ImportLinker {

    private static final String WASI_MODULE = "wasi_snapshot_preview1";

    private ImportLinker() {}

    /** The host function for each import, in import order. */
    static List<HostFunction> link(CompiledModule module, Collection<HostFunction> available) {
        Map<String, HostFunction> byName = new HashMap<>();
        for (HostFunction function : available) {
            if (byName.putIfAbsent(function.qualifiedName(), function) != null) {
                throw new IllegalArgumentException("host function " + function.qualifiedName() + " is defined twice");
            }
        }
        List<HostFunction> linked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (WasmImport wasmImport : module.info().imports()) {
            String qualifiedName = wasmImport.module() + "." + wasmImport.name();
            if (wasmImport.kind() != ExternKind.FUNCTION) {
                problems.add("it imports " + wasmImport.kind().name().toLowerCase(Locale.ROOT) + " " + qualifiedName
                        + ", but the host provides only functions");
                continue;
            }
            FunctionType wanted = (FunctionType) wasmImport.type();
            HostFunction function = byName.get(qualifiedName);
            if (function == null) {
                problems.add(
                        wasmImport.module().equals(WASI_MODULE)
                                ? "it imports WASI function " + qualifiedName
                                        + " but no WASI context is configured for it"
                                : "no host function " + qualifiedName + " " + wanted);
            } else if (!function.type().equals(wanted)) {
                problems.add("import " + qualifiedName + " expects " + wanted + " but the host function is "
                        + function.type());
            } else {
                linked.add(function);
            }
        }
        if (!problems.isEmpty()) {
            throw new WasmLinkException(module.name(), problems);
        }
        return Collections.unmodifiableList(linked);
    }
}
