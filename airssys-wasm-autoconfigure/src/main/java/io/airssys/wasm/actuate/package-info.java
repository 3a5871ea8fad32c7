/** Spring Boot Actuator support: the {@code wasm} endpoint, per-component health and Micrometer meters. */
package io.airssys.wasm.actuate;
