package io.airssys.wasm.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains {@link WasmHostInterface} beans that do not fit their WIT. */
class InvalidWasmHostInterfaceFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWasmHostInterfaceException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidWasmHostInterfaceException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Give each WIT function a public method of the same name in camelCase whose parameter and result "
                        + "types fit the WIT (records for records, enums for enums, sealed interfaces for variants, "
                        + "Optional for option, List or byte[] for list), and put the interface's WIT under "
                        + "airssys.wasm.host-interfaces.wit-location (default classpath:wit/).",
                cause);
    }
}
