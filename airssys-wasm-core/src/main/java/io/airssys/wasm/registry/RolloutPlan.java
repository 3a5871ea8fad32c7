package io.airssys.wasm.registry;

import java.util.List;

/**
 * How a roll-out advances on its own, kept with it so a restart resumes it where it was: a
 * canary analysis ({@code analysis}: judged against the stable version after each interval) or
 * a rolling deployment ({@code rolling}: health-checked before each step).
 *
 * @param kind            {@code analysis} or {@code rolling}
 * @param steps           the candidate's shares, in percent, in order
 * @param intervalMillis  how long each step lasts
 * @param maxErrorRate    the analysis' highest failed-call rate tolerated (0 for rolling)
 * @param maxLatencyRatio the analysis' highest p99 ratio to the stable version tolerated (0 for rolling)
 * @param minCalls        calls an interval needs to be judged (0 for rolling)
 * @param step            the index in {@code steps} of the share taken now
 */
public record RolloutPlan(
        String kind,
        List<Integer> steps,
        long intervalMillis,
        double maxErrorRate,
        double maxLatencyRatio,
        long minCalls,
        int step) {

    public static final String ANALYSIS = "analysis";
    public static final String ROLLING = "rolling";

    public RolloutPlan {
        steps = List.copyOf(steps);
        if (!kind.equals(ANALYSIS) && !kind.equals(ROLLING)) {
            throw new IllegalArgumentException("unknown plan '" + kind + "'");
        }
        if (step < 0 || step >= steps.size()) {
            throw new IllegalArgumentException("step " + step + " is not one of the " + steps.size() + " steps");
        }
    }

    /** The same plan, at another step. */
    public RolloutPlan atStep(int newStep) {
        return new RolloutPlan(kind, steps, intervalMillis, maxErrorRate, maxLatencyRatio, minCalls, newStep);
    }
}
