package io.airssys.wasm.deployment;

/**
 * What one version of a component is doing.
 *
 * @param role     {@code active}, {@code canary} or {@code standby}
 * @param percent  share of calls routed to it
 * @param calls    calls completed
 * @param failures calls that ended in an exception
 * @param inFlight calls running now
 */
public record VersionStats(String version, String role, int percent, long calls, long failures, int inFlight) {
}
