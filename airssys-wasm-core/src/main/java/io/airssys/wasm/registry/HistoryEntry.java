package io.airssys.wasm.registry;

import java.time.Instant;

/**
 * Something that happened to a component: {@code store}, {@code activate}, {@code deactivate},
 * {@code canary}, {@code weight}, {@code blue-green}, {@code promote}, {@code rollback},
 * {@code refuse}; {@code detail} says why or how (empty if nothing more is known).
 */
public record HistoryEntry(Instant at, String action, String version, String detail) {

    public HistoryEntry(Instant at, String action, String version) {
        this(at, action, version, "");
    }
}
