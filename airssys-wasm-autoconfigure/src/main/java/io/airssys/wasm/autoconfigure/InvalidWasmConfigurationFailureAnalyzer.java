package io.airssys.wasm.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a bad {@code airssys.wasm.*} value. */
class InvalidWasmConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWasmConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidWasmConfigurationException cause) {
        return new FailureAnalysis(
                "Invalid airssys-wasm configuration: " + cause.getMessage(),
                "Update " + cause.property() + " in your application configuration.",
                cause);
    }
}
