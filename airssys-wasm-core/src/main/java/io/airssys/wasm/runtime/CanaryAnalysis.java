package io.airssys.wasm.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a canary advances on its own, in the manner of Argo Rollouts' and Flagger's analysis: the
 * candidate takes each share of {@code steps} in turn for {@code interval}, and after each
 * interval its error rate and p99 latency over the interval are compared with the stable
 * version's. A breach (error rate above {@code maxErrorRate}, or p99 above
 * {@code maxLatencyRatio} times the stable version's) rolls the canary back at once and records
 * why; passing the last step promotes it. An interval in which the candidate served fewer than
 * {@code minCalls} calls is not judged: the step is held for another interval.
 *
 * @param steps           candidate shares in percent, ascending, each 1 to 100
 * @param interval        how long each step lasts before it is judged, 100 ms to 1 hour
 * @param maxErrorRate    the highest share of failed calls tolerated, 0 to 1
 * @param maxLatencyRatio the highest candidate p99 tolerated as a multiple of the stable p99
 * @param minCalls        calls the candidate must have served in an interval for it to be judged
 */
public record CanaryAnalysis(
        List<Integer> steps, Duration interval, double maxErrorRate, double maxLatencyRatio, long minCalls) {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    public CanaryAnalysis {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        Objects.requireNonNull(interval, "interval");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a canary analysis needs at least one step");
        }
        int previous = 0;
        for (int step : steps) {
            if (step <= previous || step > 100) {
                throw new IllegalArgumentException("steps must rise from 1 to at most 100; got " + steps);
            }
            previous = step;
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("interval " + interval + " is not between 100 ms and 1 hour");
        }
        if (maxErrorRate < 0 || maxErrorRate > 1) {
            throw new IllegalArgumentException("maxErrorRate " + maxErrorRate + " is not between 0 and 1");
        }
        if (maxLatencyRatio < 1) {
            throw new IllegalArgumentException("maxLatencyRatio " + maxLatencyRatio + " is below 1");
        }
        if (minCalls < 1) {
            throw new IllegalArgumentException("minCalls must be at least 1");
        }
    }

    /** Steps of {@code steps}, each judged after {@code interval}; at most 5% errors and twice the stable p99, from 20 calls. */
    public static CanaryAnalysis of(List<Integer> steps, Duration interval) {
        return new CanaryAnalysis(steps, interval, 0.05, 2.0, 20);
    }
}
