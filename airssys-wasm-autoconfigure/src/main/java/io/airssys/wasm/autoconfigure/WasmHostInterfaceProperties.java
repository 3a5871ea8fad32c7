package io.airssys.wasm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the WIT of the application's host interfaces lives.
 *
 * @param witLocation A folder holding one WIT package (its .wit files) and its dependencies
 *                    under deps/ (a folder or a .wit file each); the packages the host bundles
 *                    (airssys:*) need not be there.
 */
@ConfigurationProperties("airssys.wasm.host-interfaces")
public record WasmHostInterfaceProperties(
        @DefaultValue("classpath:wit/") String witLocation) {}
