package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.manifest.ManifestException;
import io.airssys.wasm.runtime.ComponentRejectedException;
import io.airssys.wasm.security.CapabilitiesRefusedException;
import io.airssys.wasm.signing.SignatureRejectedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a component refused at start-up and what to change. */
class ComponentRejectedFailureAnalyzer extends AbstractFailureAnalyzer<ComponentRejectedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ComponentRejectedException cause) {
        return new FailureAnalysis("The WebAssembly component " + cause.getMessage(), action(cause), cause);
    }

    private static String action(ComponentRejectedException e) {
        Throwable reason = e.getCause();
        if (reason instanceof CapabilitiesRefusedException refused) {
            return "Grant what it needs under airssys.wasm.components."
                    + refused.component().replaceAll("@.*", "")
                    + ".grants (filesystem-read, filesystem-write, network-outbound, env, storage-quota, send-to), "
                    + "or remove the requests from its Component.toml. Missing: " + refused.missing();
        }
        if (reason instanceof SignatureRejectedException) {
            return "Sign the artifact with a key listed in airssys.wasm.security.trusted-keys, "
                    + "or set airssys.wasm.security.require-signatures=false.";
        }
        if (reason instanceof ManifestException manifest) {
            return "Fix its Component.toml at line " + manifest.line() + ": " + manifest.reason();
        }
        return "Check the artifact: " + (reason == null ? e.getMessage() : reason.getMessage());
    }
}
