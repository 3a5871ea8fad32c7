package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;

/**
 * A canary analysis in progress.
 *
 * @param step the index in {@code analysis.steps()} of the share the candidate takes now
 */
public record CanaryAnalysisProgress(
        CanaryAnalysis analysis, SemanticVersion stable, SemanticVersion candidate, int step) {}
