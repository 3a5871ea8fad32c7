package io.airssys.wasm.deployment;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** How a new version replaces the one serving. */
public sealed interface DeploymentStrategy {

    /** The strategies by name, for events, status and configuration. */
    enum Kind {
        IMMEDIATE,
        BLUE_GREEN,
        CANARY,
        ROLLING;

        /** The name as configuration and metrics spell it: {@code immediate}, {@code blue-green}, ... */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Which strategy this is. */
    default Kind kind() {
        if (this instanceof BlueGreen) {
            return Kind.BLUE_GREEN;
        }
        if (this instanceof Canary) {
            return Kind.CANARY;
        }
        if (this instanceof Rolling) {
            return Kind.ROLLING;
        }
        return Kind.IMMEDIATE;
    }

    /** Switch all traffic at once; in-flight calls finish on the old version, which then drains. */
    record Immediate() implements DeploymentStrategy {}

    /**
     * Warm the new version, run its health check, switch all traffic atomically, and keep the old
     * version warm for an instant {@code rollback} until {@code promote}.
     */
    record BlueGreen() implements DeploymentStrategy {}

    /**
     * Send {@code percent} of calls to the new version, picked at random or, with {@code sticky},
     * by a hash of the call's routing key (the same key always lands on the same version),
     * until {@code promote} or {@code rollback}.
     */
    record Canary(int percent, boolean sticky) implements DeploymentStrategy {
        public Canary {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("canary percent must be 0 to 100, was " + percent);
            }
        }
    }

    /**
     * Shift traffic to the new version in {@code steps} equal batches (1 to 100: traffic moves
     * in whole percents), checking its health after each and waiting {@code pause} (at most
     * {@link #MAX_PAUSE}) between them; rolls back if a check fails.
     */
    record Rolling(int steps, Duration pause) implements DeploymentStrategy {

        public static final int MAX_STEPS = 100;
        public static final Duration MAX_PAUSE = Duration.ofMinutes(10);

        public Rolling {
            Objects.requireNonNull(pause, "pause");
            if (steps < 1 || steps > MAX_STEPS) {
                throw new IllegalArgumentException("rolling steps must be 1 to " + MAX_STEPS + ", was " + steps);
            }
            if (pause.isNegative() || pause.compareTo(MAX_PAUSE) > 0) {
                throw new IllegalArgumentException(
                        "rolling pause must be 0 to " + MAX_PAUSE.toMinutes() + " minutes, was " + pause);
            }
        }
    }

    static DeploymentStrategy immediate() {
        return new Immediate();
    }

    static DeploymentStrategy blueGreen() {
        return new BlueGreen();
    }

    static DeploymentStrategy canary(int percent) {
        return new Canary(percent, false);
    }

    static DeploymentStrategy stickyCanary(int percent) {
        return new Canary(percent, true);
    }
}
