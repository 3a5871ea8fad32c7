package io.airssys.wasm.deployment;

import io.airssys.wasm.SemanticVersion;
import java.util.Locale;

/**
 * What one version of a component is doing.
 *
 * @param percent  share of calls routed to it
 * @param calls    calls completed
 * @param failures calls that ended in an exception
 * @param inFlight calls running now
 */
public record VersionStats(SemanticVersion version, Role role, int percent, long calls, long failures, int inFlight) {

    /** What a version is for in its component's routing. */
    public enum Role {
        /** Takes every call not sent to a canary. */
        ACTIVE,
        /** A canary or rolling candidate, taking its share of calls. */
        CANARY,
        /** The previous blue-green version, kept warm for an instant rollback; takes no calls. */
        STANDBY;

        /** The role in lower case, as status reports spell it. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
