package io.airssys.wasm.actuate.health;

import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.runtime.ComponentRuntime;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * One health indicator per deployed component, under {@code /actuator/health/wasm/{id}}: UP when
 * its active version passes its health check. When it does not, the component is
 * {@value #UNHEALTHY_CODE} (with the reason), a status that does not count towards the
 * application's own health, so one failing plugin does not take the application down (or fail
 * a liveness probe); with {@code failApplication} it is DOWN instead. Components deployed later
 * appear without a restart. Health checks are probes, not calls: they are not counted.
 */
public class WasmHealthContributor implements CompositeHealthContributor {

    static final String UNHEALTHY_CODE = "UNHEALTHY";

    /** A component failing its health check, without failing the application. */
    public static final Status UNHEALTHY =
            new Status(UNHEALTHY_CODE, "the component failed its health check; the application is not affected");

    private final ComponentRuntime runtime;
    private final boolean failApplication;

    public WasmHealthContributor(ComponentRuntime runtime) {
        this(runtime, false);
    }

    /** @param failApplication whether an unhealthy component is DOWN, and so the application too */
    public WasmHealthContributor(ComponentRuntime runtime, boolean failApplication) {
        this.runtime = runtime;
        this.failApplication = failApplication;
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
                    : unhealthy().withDetail("reason", "health check failed");
        } catch (RuntimeException e) {
            return unhealthy().withException(e);
        }
    }

    private Health.Builder unhealthy() {
        return failApplication ? Health.down() : Health.status(UNHEALTHY);
    }
}
