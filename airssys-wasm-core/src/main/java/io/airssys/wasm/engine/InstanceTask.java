package io.airssys.wasm.engine;

/** Work done with one pooled instance held exclusively, such as several calls that share guest memory. */
@FunctionalInterface
public interface InstanceTask<R> {
    R run(WasmInstance instance);
}
