package io.airssys.wasm.binary;

/** One entry of the export section; {@code index} is into the kind's index space. */
public record WasmExport(String name, ExternKind kind, int index) {}
