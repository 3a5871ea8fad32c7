package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.actuate.console.VersionLatencies;
import io.airssys.wasm.actuate.console.WasmConsoleEndpoint;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the operator's console ({@code airssys.wasm.console.enabled=true}): the
 * {@code wasmconsole} endpoint, and histograms on the call timers so it can show latency
 * percentiles per version.
 */
@AutoConfiguration(after = {WasmEndpointAutoConfiguration.class, WasmMetricsAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
@ConditionalOnBooleanProperty("airssys.wasm.console.enabled")
@EnableConfigurationProperties(WasmConsoleProperties.class)
public final class WasmConsoleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    WasmConsoleEndpoint wasmConsoleEndpoint(
            ComponentRuntime runtime, WasmConsoleProperties properties, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfUnique();
        return new WasmConsoleEndpoint(
                runtime,
                registry == null ? null : new VersionLatencies(registry),
                properties.operatorRole(),
                properties.refresh().toMillis());
    }

    /**
     * Only with Micrometer: the call timers count calls into latency buckets from 1 µs to 100 s,
     * six a decade (1, 1.5, 2, 3, 5, 7), which every registry publishes and which add up across
     * a version's timers; the console's percentiles are the bucket bounds.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterFilter.class)
    static final class CallHistograms {

        static final double[] BUCKETS_NANOS = buckets();

        private static double[] buckets() {
            double[] steps = {1, 1.5, 2, 3, 5, 7};
            double[] bounds = new double[8 * steps.length + 1];
            int i = 0;
            for (double decade = 1_000; decade < 100_000_000_000.0; decade *= 10) {
                for (double step : steps) {
                    bounds[i++] = step * decade;
                }
            }
            bounds[i] = 100_000_000_000.0;
            return bounds;
        }

        @Bean
        @ConditionalOnMissingBean(name = "wasmConsoleCallHistograms")
        MeterFilter wasmConsoleCallHistograms() {
            return new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    if (!id.getName().equals(VersionLatencies.TIMER)) {
                        return config;
                    }
                    return DistributionStatisticConfig.builder()
                            .serviceLevelObjectives(BUCKETS_NANOS)
                            .build()
                            .merge(config);
                }
            };
        }
    }
}
