/** Micrometer meters of the component runtime. */
package io.airssys.wasm.actuate.metrics;
