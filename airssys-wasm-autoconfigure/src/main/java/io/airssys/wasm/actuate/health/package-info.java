/** Health of each deployed component, as a composite {@code wasm} health contributor. */
package io.airssys.wasm.actuate.health;
