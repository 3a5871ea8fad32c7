package io.airssys.wasm.manifest;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code [resources]} a component asks for; each is empty when not given, and the
 * operator's configuration may lower any of them.
 *
 * @param memoryMaxBytes most linear memory one instance may grow to
 * @param timeout        longest one call may run
 * @param instances      instances that may run at once
 */
public record ResourceLimits(OptionalLong memoryMaxBytes, Optional<Duration> timeout, OptionalInt instances) {

    public static final ResourceLimits UNSPECIFIED = new ResourceLimits(OptionalLong.empty(), Optional.empty(),
            OptionalInt.empty());
}
