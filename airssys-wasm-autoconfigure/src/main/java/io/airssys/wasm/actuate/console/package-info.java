/** The operator's console: a web page over the {@code wasm} endpoint, served as the {@code wasmconsole} endpoint. */
package io.airssys.wasm.actuate.console;
