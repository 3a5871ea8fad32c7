package io.airssys.wasm.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who serves a component at one moment, immutable so a switch is one atomic reference swap:
 * the active version, optionally a candidate taking {@code percent} of calls, optionally a
 * blue-green standby kept warm for rollback.
 */
record Routing<V extends LiveVersion>(
        DeploymentStrategy.Kind strategy,
        Deployment<V> active,
        Deployment<V> candidate,
        int percent,
        boolean sticky,
        Deployment<V> standby) {

    static <V extends LiveVersion> Routing<V> only(DeploymentStrategy.Kind strategy, Deployment<V> active) {
        return new Routing<>(strategy, active, null, 0, false, null);
    }

    /** The deployments serving now: active, then canary and standby if any. */
    java.util.List<Deployment<V>> deployments() {
        java.util.List<Deployment<V>> all = new java.util.ArrayList<>(3);
        all.add(active);
        if (candidate != null) {
            all.add(candidate);
        }
        if (standby != null) {
            all.add(standby);
        }
        return all;
    }

    Deployment<V> route(RoutingKey key) {
        if (candidate == null || percent == 0) {
            return active;
        }
        int slot = sticky && key.value().isPresent()
                ? Math.floorMod(mix(key.value().get().hashCode()), 100)
                : ThreadLocalRandom.current().nextInt(100);
        return slot < percent ? candidate : active;
    }

    /** Spreads similar keys ("user-1", "user-2") evenly over the 100 slots (murmur3's finalizer). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    DeploymentStatus status(String componentId) {
        List<VersionStats> versions = new ArrayList<>();
        versions.add(active.stats(VersionStats.Role.ACTIVE, 100 - (candidate == null ? 0 : percent)));
        if (candidate != null) {
            versions.add(candidate.stats(VersionStats.Role.CANARY, percent));
        }
        if (standby != null) {
            versions.add(standby.stats(VersionStats.Role.STANDBY, 0));
        }
        return new DeploymentStatus(componentId, strategy, sticky, versions);
    }
}
