package io.airssys.wasm.autoconfigure;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the {@code wasm} actuator endpoint may deploy from. Its write operations are off until
 * {@code management.endpoint.wasm.access=unrestricted}; protect them as any write endpoint.
 *
 * @param allowedLocations Where a deployment's location may point: classpath: (the application's
 *                         own resources), directories (file:/var/lib/app/artifacts/) and HTTP(S)
 *                         prefixes (https://artifacts.example.com/releases/). Anything else is
 *                         refused, so the endpoint cannot be used to read arbitrary files or make
 *                         the server fetch arbitrary URLs.
 * @param maxUploadSize    Largest artifact accepted, uploaded or read from a location.
 * @param unhealthyComponentIsDown Whether a component failing its health check is DOWN, which makes
 *                         the application's health DOWN too. Off by default: it is UNHEALTHY, shown
 *                         under /actuator/health/wasm but not counted in the application's status.
 */
@ConfigurationProperties("airssys.wasm.actuator")
public record WasmActuatorProperties(
        @DefaultValue("classpath:") List<String> allowedLocations,
        @DefaultValue("64MB") DataSize maxUploadSize,
        @DefaultValue("false") boolean unhealthyComponentIsDown) {}
