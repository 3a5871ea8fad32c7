package io.airssys.wasm.abi;

import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.WasmInstance;

/** Where a resource a guest implements lives: the instance that made it, its pool, and the invoker that calls it. */
record ResourceOrigin(InstancePool pool, WasmInstance instance, TypedInvoker invoker) {}
