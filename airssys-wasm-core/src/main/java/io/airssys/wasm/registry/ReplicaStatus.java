package io.airssys.wasm.registry;

import java.time.Instant;

/**
 * What one replica of the application serves of a component, as it last reported to a shared
 * registry.
 *
 * @param replica  the replica's id
 * @param serving  its versions and shares, e.g. {@code 1.0.0 70%, 1.1.0 canary 30%}, or
 *                 {@code not serving}
 * @param revision the component's revision it has applied
 * @param seenAt   when the replica was last seen alive (it reports at every poll)
 */
public record ReplicaStatus(String replica, String serving, long revision, Instant seenAt) {}
