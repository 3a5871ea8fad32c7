/** The {@code wasm} and {@code wasmpipelines} actuator endpoints. */
package io.airssys.wasm.actuate.endpoint;
