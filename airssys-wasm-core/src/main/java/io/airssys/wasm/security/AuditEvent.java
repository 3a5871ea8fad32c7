package io.airssys.wasm.security;

import io.airssys.wasm.LogText;
import java.time.Instant;

/**
 * One permission decision.
 *
 * @param component the component that asked
 * @param action    what it tried, e.g. {@code filesystem.read}
 * @param target    on what, e.g. the path or URL
 * @param allowed   the decision
 * @param reason    why, e.g. the pattern that allowed it or what was missing
 */
public record AuditEvent(Instant time, String component, String action, String target, boolean allowed, String reason) {

    @Override
    public String toString() {
        return (allowed ? "ALLOW " : "DENY ") + component + " " + action + " " + LogText.escape(target) + " ("
                + LogText.escape(reason) + ")";
    }
}
