package io.airssys.wasm.actuate.health;

import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.runtime.ComponentRuntime;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per deployed component, under {@code /actuator/health/wasm/{id}}: UP when
 * its active version passes its health check, DOWN (with the reason) when not. Components
 * deployed later appear without a restart.
 */
public class WasmHealthContributor implements CompositeHealthContributor {

    private final ComponentRuntime runtime;

    public WasmHealthContributor(ComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return runtime.componentIds().contains(name) ? indicator(name) : null;
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return runtime.componentIds().stream().sorted().map(id -> new HealthContributors.Entry(id, indicator(id)));
    }

    private HealthIndicator indicator(String id) {
        return () -> {
            Health.Builder health = check(id);
            runtime.status(id)
                    .map(DeploymentStatus::versions)
                    .ifPresent(versions -> versions.forEach(v -> health.withDetail(
                            v.version().toString(),
                            v.role().tag() + " " + v.percent() + "%, " + v.calls() + " calls, " + v.failures()
                                    + " failed")));
            return health.build();
        };
    }

    private Health.Builder check(String id) {
        try {
            return runtime.component(id).healthy()
                    ? Health.up()
                    : Health.down().withDetail("reason", "health check failed");
        } catch (RuntimeException e) {
            return Health.down(e);
        }
    }
}
