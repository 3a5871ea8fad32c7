/**
 * What an engine implementation provides to {@link io.airssys.wasm.engine.WasmEngine}: compile a
 * module, instantiate it with host functions, call its exports, reach its memory, stop a call at
 * its deadline. Everything engine-neutral (limits, linking, deadlines, host-failure and trap
 * reporting, pooling, guest threads) stays in {@code io.airssys.wasm.engine}, so every engine
 * gives the same guarantees.
 */
package io.airssys.wasm.engine.spi;
