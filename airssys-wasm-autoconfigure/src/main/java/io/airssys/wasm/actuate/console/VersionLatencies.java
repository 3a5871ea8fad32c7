package io.airssys.wasm.actuate.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Each version's call latency, p50 and p99, from the {@code airssys.wasm.calls} timers: the
 * histograms of all of a version's timers (one per function and outcome) are added bucket by
 * bucket, so the percentiles are of all its calls. The console gives the timers their buckets
 * ({@code WasmConsoleAutoConfiguration}); a percentile is the upper bound of the bucket it falls in.
 */
public final class VersionLatencies {

    public static final String TIMER = "airssys.wasm.calls";

    private final MeterRegistry meters;

    public VersionLatencies(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * @param version   the version
     * @param calls     calls recorded in the histograms' window
     * @param p50Millis the median latency, or null if no histogram holds a call
     * @param p99Millis the 99th percentile
     */
    public record Latency(
            String version,
            long calls,
            @Nullable Double p50Millis,
            @Nullable Double p99Millis) {}

    List<Latency> of(String componentId) {
        Map<String, List<HistogramSnapshot>> byVersion = new TreeMap<>();
        for (Timer timer : meters.find(TIMER).tag("component", componentId).timers()) {
            String version = timer.getId().getTag("version");
            if (version != null) {
                byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(timer.takeSnapshot());
            }
        }
        List<Latency> latencies = new ArrayList<>();
        byVersion.forEach((version, snapshots) -> latencies.add(merge(version, snapshots)));
        return latencies;
    }

    private static Latency merge(String version, List<HistogramSnapshot> snapshots) {
        TreeMap<Double, Double> buckets = new TreeMap<>(); // upper bound in nanoseconds -> calls at or below it
        for (HistogramSnapshot snapshot : snapshots) {
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.NANOSECONDS), bucket.count(), Double::sum);
            }
        }
        double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        if (total == 0) {
            return new Latency(version, 0, null, null);
        }
        return new Latency(version, (long) total, percentile(buckets, total, 0.5), percentile(buckets, total, 0.99));
    }

    /** The upper bound of the first bucket holding the {@code q} quantile, in milliseconds. */
    private static double percentile(TreeMap<Double, Double> cumulative, double total, double q) {
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey() / 1_000_000.0;
            }
        }
        return cumulative.lastKey() / 1_000_000.0;
    }
}
