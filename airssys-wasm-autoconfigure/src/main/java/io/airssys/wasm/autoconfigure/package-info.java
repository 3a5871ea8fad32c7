/**
 * Spring Boot auto-configuration of airssys-wasm: one {@code @AutoConfiguration} per concern,
 * every bean {@code @ConditionalOnMissingBean}.
 */
package io.airssys.wasm.autoconfigure;
