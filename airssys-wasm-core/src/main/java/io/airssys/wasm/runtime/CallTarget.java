package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;

/**
 * Which function of which component version a call goes to, as routing picked it.
 *
 * @param function the export's function name without its interface ({@code add}, {@code handle-message})
 */
public record CallTarget(String componentId, SemanticVersion version, String function) {

    static CallTarget of(ComponentVersion version, String exportName) {
        int hash = exportName.indexOf('#');
        return new CallTarget(
                version.componentId(), version.version(), hash < 0 ? exportName : exportName.substring(hash + 1));
    }
}
