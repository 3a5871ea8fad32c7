package io.airssys.wasm.wit;

import java.util.Optional;

/**
 * The feature gates of an item: {@code @since(version = ...)}, {@code @unstable(feature = ...)}
 * and {@code @deprecated(version = ...)}; all empty for an ungated item.
 */
public record Stability(Optional<String> since, Optional<String> unstableFeature, Optional<String> deprecated) {

    public static final Stability UNKNOWN = new Stability(Optional.empty(), Optional.empty(), Optional.empty());
}
