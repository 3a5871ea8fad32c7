package io.airssys.wasm.actuate.metrics;

import io.airssys.wasm.deployment.DeploymentEvent;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.security.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of the component runtime:
 * <ul>
 * <li>{@code airssys.wasm.deployments} (counter): deployment events, tagged {@code component} and
 * {@code event} ({@code deployed}, {@code promoted}, {@code rolled-back}, {@code weight-changed},
 * {@code refused}, {@code undeployed})</li>
 * <li>{@code airssys.wasm.audit.decisions} and {@code airssys.wasm.audit.evicted} (gauges):
 * permission decisions recorded, and those dropped from the in-memory audit</li>
 * <li>{@code airssys.wasm.calls} (timer), only when {@code timeCalls}: every call, tagged
 * {@code component}, {@code version}, {@code function} and {@code outcome}. An application with
 * an {@code ObservationRegistry} gets this timer from the call observations instead.</li>
 * </ul>
 */
public class WasmMetrics implements MeterBinder {

    private final ComponentRuntime runtime;
    private final boolean timeCalls;

    public WasmMetrics(ComponentRuntime runtime, boolean timeCalls) {
        this.runtime = runtime;
        this.timeCalls = timeCalls;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (timeCalls) {
            runtime.addCallObserver(
                    (component, version, function, nanos, outcome) -> Timer.builder("airssys.wasm.calls")
                            .description("Calls into WebAssembly components")
                            .tag("component", component)
                            .tag("version", version.toString())
                            .tag("function", function)
                            .tag("outcome", outcome.tag())
                            .register(registry)
                            .record(nanos, TimeUnit.NANOSECONDS));
        }
        runtime.addListener(event -> Counter.builder("airssys.wasm.deployments")
                .description("Deployment events of WebAssembly components")
                .tag("component", event.componentId())
                .tag("event", eventName(event))
                .register(registry)
                .increment());
        AuditLog audit = runtime.audit();
        registry.gauge("airssys.wasm.audit.decisions", audit, AuditLog::recorded);
        registry.gauge("airssys.wasm.audit.evicted", audit, AuditLog::evicted);
    }

    private static String eventName(DeploymentEvent event) {
        return event.getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }
}
