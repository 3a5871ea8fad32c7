package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.binary.WasmFormatException;
import io.airssys.wasm.engine.InstanceUnavailableException;
import io.airssys.wasm.engine.TrapKind;
import io.airssys.wasm.engine.WasmLinkException;
import io.airssys.wasm.engine.WasmTimeoutException;
import io.airssys.wasm.engine.WasmTrapException;
import io.airssys.wasm.security.CapabilityDeniedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {

    @Test
    void classifiesEachFailureByItsCategory() {
        assertThat(CallOutcome.of(new WasmTrapException("m", "f", TrapKind.UNREACHABLE, "x")))
                .isEqualTo(CallOutcome.TRAP);
        assertThat(CallOutcome.of(new WasmTimeoutException("m", "f", Duration.ofSeconds(1))))
                .isEqualTo(CallOutcome.TIMEOUT);
        assertThat(CallOutcome.of(new ComponentErrorException("c@1.0.0", "not-found", "no such key")))
                .isEqualTo(CallOutcome.COMPONENT_ERROR);
        assertThat(CallOutcome.of(new CapabilityDeniedException("c@1.0.0", "read", "/etc", "not granted")))
                .isEqualTo(CallOutcome.CAPABILITY_DENIED);
        assertThat(CallOutcome.of(new InstanceUnavailableException("all busy"))).isEqualTo(CallOutcome.REJECTED);
        assertThat(CallOutcome.of(new IllegalArgumentException("bad argument"))).isEqualTo(CallOutcome.REJECTED);
        assertThat(CallOutcome.of(new WasmException("disk full"))).isEqualTo(CallOutcome.FAILURE);
        assertThat(CallOutcome.of(new IllegalStateException("bug"))).isEqualTo(CallOutcome.FAILURE);
    }

    @Test
    void tagsAreKebabCase() {
        assertThat(CallOutcome.COMPONENT_ERROR.tag()).isEqualTo("component-error");
        assertThat(CallOutcome.SUCCESS.tag()).isEqualTo("success");
    }

    @Test
    void aRefusedDeploymentReportsWhyItWasRefused() {
        assertThat(new ComponentRejectedException("c", new WasmFormatException(8, "truncated")).category())
                .isEqualTo(WasmException.Category.MALFORMED);
        assertThat(new ComponentRejectedException("c", new WasmLinkException("c", List.of("env.f missing"))).category())
                .isEqualTo(WasmException.Category.LINK);
        assertThat(new ComponentRejectedException("c", new IllegalStateException("odd")).category())
                .isEqualTo(WasmException.Category.REJECTED);
    }
}
