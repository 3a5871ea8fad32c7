package io.airssys.wasm.deployment;

import java.util.Objects;
import java.util.Optional;

/**
 * What a sticky canary routes a call by: calls with the same key land on the same version (e.g.
 * a user id, so one user sees one version throughout a roll-out). {@link #NONE} routes at random.
 */
public final class RoutingKey {

    /** No key: a canary split picks the version at random. */
    public static final RoutingKey NONE = new RoutingKey(null);

    private final String value;

    private RoutingKey(String value) {
        this.value = value;
    }

    /** A key; use {@link #NONE} for none. */
    public static RoutingKey of(String value) {
        return new RoutingKey(Objects.requireNonNull(value, "routing key (use RoutingKey.NONE for none)"));
    }

    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoutingKey key && Objects.equals(value, key.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return value == null ? "RoutingKey.NONE" : "RoutingKey[" + value + "]";
    }
}
