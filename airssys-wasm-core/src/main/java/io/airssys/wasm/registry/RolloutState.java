package io.airssys.wasm.registry;

import io.airssys.wasm.SemanticVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * A roll-out in progress, kept with the registry so that a restart resumes it: a candidate
 * taking {@code percent} of the calls (a canary, or a rolling deployment between steps), or the
 * version a blue-green switch keeps warm to switch back to.
 *
 * @param strategy  {@code canary}, {@code rolling} or {@code blue-green}
 * @param candidate the version taking {@code percent} of the calls (canary, rolling)
 * @param percent   the candidate's share, 0 to 100
 * @param sticky    whether a routing key keeps its caller on one version
 * @param standby   the previous version a blue-green switch keeps (blue-green)
 * @param plan      how it advances on its own, if it does (an analysed canary, a rolling deployment)
 */
public record RolloutState(
        String strategy,
        Optional<SemanticVersion> candidate,
        int percent,
        boolean sticky,
        Optional<SemanticVersion> standby,
        Optional<RolloutPlan> plan) {

    public static final String CANARY = "canary";
    public static final String ROLLING = "rolling";
    public static final String BLUE_GREEN = "blue-green";

    public RolloutState {
        Objects.requireNonNull(strategy, "strategy");
        if (!strategy.equals(CANARY) && !strategy.equals(ROLLING) && !strategy.equals(BLUE_GREEN)) {
            throw new IllegalArgumentException("unknown strategy '" + strategy + "'");
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent " + percent + " is not between 0 and 100");
        }
        if (strategy.equals(BLUE_GREEN) ? standby.isEmpty() : candidate.isEmpty()) {
            throw new IllegalArgumentException(
                    strategy + " needs a " + (strategy.equals(BLUE_GREEN) ? "standby" : "candidate"));
        }
    }

    public static RolloutState canary(SemanticVersion candidate, int percent, boolean sticky) {
        return new RolloutState(CANARY, Optional.of(candidate), percent, sticky, Optional.empty(), Optional.empty());
    }

    public static RolloutState rolling(SemanticVersion candidate, int percent) {
        return new RolloutState(ROLLING, Optional.of(candidate), percent, false, Optional.empty(), Optional.empty());
    }

    public static RolloutState blueGreen(SemanticVersion standby) {
        return new RolloutState(BLUE_GREEN, Optional.empty(), 0, false, Optional.of(standby), Optional.empty());
    }

    /** The same roll-out with the candidate at another share. */
    public RolloutState withPercent(int newPercent) {
        return new RolloutState(strategy, candidate, newPercent, sticky, standby, plan);
    }

    /** The same roll-out, advancing by {@code newPlan} (none: by hand). */
    public RolloutState withPlan(Optional<RolloutPlan> newPlan) {
        return new RolloutState(strategy, candidate, percent, sticky, standby, newPlan);
    }
}
