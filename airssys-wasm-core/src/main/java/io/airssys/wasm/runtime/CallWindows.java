package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each version's calls did since its window was last taken: how many, how many failed
 * (trapped, timed out, were denied a capability, or failed otherwise; an error the component
 * answers with is an answer, not a failure), and their latencies (the most recent
 * {@value #MAX_SAMPLES}, for the p99). What canary analysis judges versions by; only components
 * being {@linkplain #watch watched} are recorded. Thread-safe.
 */
final class CallWindows implements CallObserver {

    static final int MAX_SAMPLES = 10_000;

    /** One version's calls over a window. */
    record Window(long calls, long failures, long p99Nanos) {
        double errorRate() {
            return calls == 0 ? 0 : (double) failures / calls;
        }
    }

    private record Key(String componentId, SemanticVersion version) {}

    private static final class Samples {
        private long calls;
        private long failures;
        private final long[] latencies = new long[MAX_SAMPLES];

        synchronized void add(long nanos, boolean failed) {
            latencies[(int) (calls % MAX_SAMPLES)] = nanos;
            calls++;
            if (failed) {
                failures++;
            }
        }

        synchronized Window take() {
            int count = (int) Math.min(calls, MAX_SAMPLES);
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            long p99 = count == 0 ? 0 : sorted[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)];
            Window window = new Window(calls, failures, p99);
            calls = 0;
            failures = 0;
            return window;
        }
    }

    private final Map<Key, Samples> samples = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    @Override
    public void onCall(String componentId, SemanticVersion version, String function, long nanos, CallOutcome outcome) {
        if (watched.contains(componentId)) {
            samples.computeIfAbsent(new Key(componentId, version), key -> new Samples())
                    .add(nanos, isFailure(outcome));
        }
    }

    private static boolean isFailure(CallOutcome outcome) {
        return switch (outcome) {
            case TRAP, TIMEOUT, CAPABILITY_DENIED, FAILURE -> true;
            case SUCCESS, COMPONENT_ERROR, REJECTED -> false;
        };
    }

    /** Starts recording a component's calls. */
    void watch(String componentId) {
        watched.add(componentId);
    }

    /** The version's calls since the last time its window was taken, and a new window begun. */
    Window take(String componentId, SemanticVersion version) {
        Samples window = samples.get(new Key(componentId, version));
        return window == null ? new Window(0, 0, 0) : window.take();
    }

    /** Stops recording a component's calls and forgets its windows. */
    void forget(String componentId) {
        watched.remove(componentId);
        samples.keySet().removeIf(key -> key.componentId().equals(componentId));
    }
}
