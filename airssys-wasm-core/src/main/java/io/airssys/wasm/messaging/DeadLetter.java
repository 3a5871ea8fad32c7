package io.airssys.wasm.messaging;

import java.time.Instant;

/**
 * A message (or callback) given up on after {@code attempts} failed deliveries.
 *
 * @param kind {@code message} or {@code callback}
 */
public record DeadLetter(String kind, String id, String from, String to, int attempts, String reason, Instant at) {}
