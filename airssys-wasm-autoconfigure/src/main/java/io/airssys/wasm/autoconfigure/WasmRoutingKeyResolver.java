package io.airssys.wasm.autoconfigure;

import java.util.Optional;

/**
 * Supplies the routing key of {@link WasmComponent} calls that carry none themselves (no
 * {@link WasmRoutingKey} parameter, no {@link WasmRoutingContext}): for instance the
 * authenticated user's name, so one user always sees one version during a sticky canary. A bean
 * of this type is used by every proxy.
 */
@FunctionalInterface
public interface WasmRoutingKeyResolver {

    /** The key of the call being made on this thread, if there is one. */
    Optional<String> routingKey();
}
