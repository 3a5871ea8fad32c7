package io.airssys.wasm.actuate;

import io.airssys.wasm.deployment.DeploymentEvent;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of the component runtime:
 * <ul>
 * <li>{@code airssys.wasm.calls} (timer): every call, tagged {@code component}, {@code version},
 * {@code function} and {@code outcome} ({@code success}, {@code component-error}, {@code trap},
 * {@code timeout}, {@code rejected}, {@code failure})</li>
 * <li>{@code airssys.wasm.deployments} (counter): deployment events, tagged {@code component} and {@code event}</li>
 * <li>{@code airssys.wasm.audit.decisions} and {@code airssys.wasm.audit.evicted} (gauges)</li>
 * </ul>
 */
public class WasmMetrics implements MeterBinder {

    private final ComponentRuntime runtime;

    public WasmMetrics(ComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        runtime.addCallObserver((component, version, function, nanos, outcome) -> Timer.builder("airssys.wasm.calls")
                .description("Calls into WebAssembly components")
                .tag("component", component)
                .tag("version", version.toString())
                .tag("function", function)
                .tag("outcome", outcome.tag())
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS));
        runtime.addListener(event -> Counter.builder("airssys.wasm.deployments")
                .description("Deployment events of WebAssembly components")
                .tag("component", event.componentId())
                .tag("event", eventName(event))
                .register(registry)
                .increment());
        registry.gauge("airssys.wasm.audit.decisions", runtime.enforcer().audit(), a -> a.recorded());
        registry.gauge("airssys.wasm.audit.evicted", runtime.enforcer().audit(), a -> a.evicted());
    }

    private static String eventName(DeploymentEvent event) {
        return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
