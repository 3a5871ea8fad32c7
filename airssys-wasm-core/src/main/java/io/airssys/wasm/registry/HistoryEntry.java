package io.airssys.wasm.registry;

import java.time.Instant;

/** Something that happened to a component: {@code store}, {@code activate}, {@code deactivate}. */
public record HistoryEntry(Instant at, String action, String version) {}
