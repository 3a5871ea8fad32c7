/**
 * airssys-wasm: host WebAssembly components inside a JVM application.
 * <p>
 * Every package below this one except {@code autoconfigure} and {@code actuate} is free
 * of Spring, so the runtime can be embedded without it.
 */
package io.airssys.wasm;
