package io.airssys.wasm.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link WasmComponent} interface that does not fit its component. */
class InvalidWasmComponentInterfaceFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidWasmComponentInterfaceException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidWasmComponentInterfaceException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Change the Java method signatures to match the WIT "
                        + "(records for records, enums for enums, sealed interfaces for variants, Optional for option, "
                        + "List or byte[] for list), or name the right function with @WasmFunction.",
                cause);
    }
}
