package io.airssys.wasm.actuate.observation;

import io.airssys.wasm.runtime.CallInterceptor;
import io.airssys.wasm.runtime.CallOutcome;
import io.airssys.wasm.runtime.CallTarget;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Makes every call into a component an {@link WasmObservationDocumentation#CALL} observation,
 * so the application's observation handlers time it (the {@code airssys.wasm.calls} timer) and
 * trace it (a span, child of the caller's).
 */
public final class ObservationCallInterceptor implements CallInterceptor {

    private static final WasmCallObservationConvention DEFAULT_CONVENTION = new DefaultWasmCallObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable WasmCallObservationConvention convention;

    /** @param convention replaces the default convention; null to keep it */
    public ObservationCallInterceptor(
            ObservationRegistry registry, @Nullable WasmCallObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public <R> R intercept(CallTarget target, Supplier<R> proceed) {
        WasmCallObservationContext context = new WasmCallObservationContext(target);
        return WasmObservationDocumentation.CALL
                .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
                .observe(() -> {
                    try {
                        R result = proceed.get();
                        context.setOutcome(CallOutcome.SUCCESS);
                        return result;
                    } catch (RuntimeException e) {
                        context.setOutcome(CallOutcome.of(e));
                        throw e;
                    }
                });
    }
}
