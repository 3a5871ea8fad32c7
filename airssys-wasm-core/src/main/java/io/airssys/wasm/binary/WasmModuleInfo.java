package io.airssys.wasm.binary;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ExternType.MemoryType;
import io.airssys.wasm.binary.ExternType.TableType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a wasm binary declares: its sections, imports, exports, memories and custom sections.
 * Produced by {@link WasmModuleReader}; immutable.
 *
 * @param sections            every section in binary order, custom ones included
 * @param types               the type section's function types
 * @param imports             the import section, in order
 * @param functionTypeIndices type index of each function the module defines (function section)
 * @param memories            memories the module defines itself (imported ones are in {@code imports})
 * @param tables              tables the module defines itself
 * @param exports             the export section, in order
 * @param customSections      custom sections in binary order
 */
public record WasmModuleInfo(
        List<Section> sections,
        List<FunctionType> types,
        List<WasmImport> imports,
        List<Integer> functionTypeIndices,
        List<MemoryType> memories,
        List<TableType> tables,
        List<WasmExport> exports,
        List<CustomSection> customSections) {

    public WasmModuleInfo {
        sections = List.copyOf(sections);
        types = List.copyOf(types);
        imports = List.copyOf(imports);
        functionTypeIndices = List.copyOf(functionTypeIndices);
        memories = List.copyOf(memories);
        tables = List.copyOf(tables);
        exports = List.copyOf(exports);
        customSections = List.copyOf(customSections);
    }

    /** Imports of the given kind, in order. */
    public List<WasmImport> imports(ExternKind kind) {
        return imports.stream().filter(i -> i.kind() == kind).toList();
    }

    /** Exports of the given kind, in order. */
    public List<WasmExport> exports(ExternKind kind) {
        return exports.stream().filter(e -> e.kind() == kind).toList();
    }

    public Optional<WasmExport> export(String name) {
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Signature of an exported function, if {@code name} is exported as a function. */
    public Optional<FunctionType> exportedFunction(String name) {
        return export(name).filter(e -> e.kind() == ExternKind.FUNCTION).map(e -> functionType(e.index()));
    }

    /** Every exported function by name, with its signature. */
    public Map<String, FunctionType> exportedFunctions() {
        List<WasmImport> importedFunctions = imports(ExternKind.FUNCTION);
        return exports(ExternKind.FUNCTION).stream()
                .collect(Collectors.toUnmodifiableMap(
                        WasmExport::name, e -> functionType(importedFunctions, e.index())));
    }

    /** Signature of a function in the function index space (imported functions first). */
    public FunctionType functionType(int functionIndex) {
        return functionType(imports(ExternKind.FUNCTION), functionIndex);
    }

    private FunctionType functionType(List<WasmImport> importedFunctions, int functionIndex) {
        if (functionIndex < importedFunctions.size()) {
            return (FunctionType) importedFunctions.get(functionIndex).type();
        }
        return types.get(functionTypeIndices.get(functionIndex - importedFunctions.size()));
    }

    public List<CustomSection> customSections(String name) {
        return customSections.stream().filter(c -> c.name().equals(name)).toList();
    }

    /** The first custom section with this name, if any. */
    public Optional<CustomSection> customSection(String name) {
        return customSections.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
