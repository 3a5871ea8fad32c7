package io.airssys.wasm.manifest;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code [resources]} a component asks for; each is empty when not given, and the
 * operator's configuration may lower any of them.
 *
 * @param memoryMaxBytes   most linear memory one instance may grow to
 * @param timeout          longest one call may run
 * @param instances        instances that may run at once
 * @param tableElementsMax most elements each table of an instance may grow to
 * @param fuel             most instructions one call may execute (see {@code ModuleLimits#fuelPerCall})
 */
public record ResourceLimits(
        OptionalLong memoryMaxBytes,
        Optional<Duration> timeout,
        OptionalInt instances,
        OptionalLong tableElementsMax,
        OptionalLong fuel) {

    public static final ResourceLimits UNSPECIFIED = new ResourceLimits(
            OptionalLong.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** Each limit of {@code override} that is set, else this one's. */
    public ResourceLimits overriddenBy(ResourceLimits override) {
        return new ResourceLimits(
                override.memoryMaxBytes.isPresent() ? override.memoryMaxBytes : memoryMaxBytes,
                override.timeout.or(() -> timeout),
                override.instances.isPresent() ? override.instances : instances,
                override.tableElementsMax.isPresent() ? override.tableElementsMax : tableElementsMax,
                override.fuel.isPresent() ? override.fuel : fuel);
    }
}
