package io.airssys.wasm.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's console, {@code /actuator/wasmconsole}: off unless enabled, and then served
 * only where the endpoint is exposed ({@code management.endpoints.web.exposure.include}).
 *
 * @param enabled      Whether to serve the console.
 * @param operatorRole Role whose users the console offers actions to (deploy, weight, promote,
 *                     roll back, stop, start, remove); others get a read-only console. Unset:
 *                     everyone who can open it, the wasm endpoint's own protection deciding.
 * @param refresh      How often the console reads the components again.
 */
@ConfigurationProperties("airssys.wasm.console")
public record WasmConsoleProperties(
        @DefaultValue("false") boolean enabled,
        @Nullable String operatorRole,
        @DefaultValue("2s") Duration refresh) {}
