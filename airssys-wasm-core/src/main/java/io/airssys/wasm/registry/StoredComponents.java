package io.airssys.wasm.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the registry holds, read-only: the view the runtime gives applications and the actuator.
 * Changes go through the runtime, which keeps the registry and what is serving in step.
 */
public interface StoredComponents {

    /** Every component with stored versions, damaged ones excepted. */
    Set<String> componentIds();

    /** A component's stored versions, oldest version first; empty for an unknown id. */
    List<StoredVersion> versions(String componentId);

    /** The version restored at the next start, if any. */
    Optional<StoredVersion> active(String componentId);

    /** The roll-out in progress (canary, rolling, blue-green standby), which a restart resumes. */
    Optional<RolloutState> rollout(String componentId);

    /** The operator's grants the component was last deployed with, as {@code [permissions.*]} TOML. */
    Optional<String> grants(String componentId);

    /** What happened to the component, oldest first. */
    List<HistoryEntry> history(String componentId);

    /** Components whose index entry is damaged, with the reason; they are disabled. */
    Map<String, String> damaged();
}
