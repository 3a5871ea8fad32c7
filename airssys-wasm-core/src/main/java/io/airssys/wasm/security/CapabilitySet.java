package io.airssys.wasm.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A set of capabilities: what a manifest requests, or what an operator grants. */
public record CapabilitySet(List<Capability> capabilities) {

    public static final CapabilitySet NONE = new CapabilitySet(List.of());

    public CapabilitySet {
        capabilities = List.copyOf(capabilities);
    }

    public static CapabilitySet of(Capability... capabilities) {
        return new CapabilitySet(List.of(capabilities));
    }

    /** The requests in {@code requested} that nothing in this set covers. */
    public List<Capability> missingFrom(CapabilitySet requested) {
        List<Capability> missing = new ArrayList<>();
        for (Capability request : requested.capabilities) {
            if (capabilities.stream().noneMatch(grant -> grant.covers(request))) {
                missing.add(request);
            }
        }
        return missing;
    }

    /** The capabilities of one kind, e.g. {@code all(Capability.FilesystemRead.class)}. */
    public <T extends Capability> Stream<T> all(Class<T> kind) {
        return capabilities.stream().filter(kind::isInstance).map(kind::cast);
    }

    /** The storage quota requested, or 0 when none is. */
    public long storageQuotaBytes() {
        return all(Capability.StorageQuota.class)
                .mapToLong(Capability.StorageQuota::bytes)
                .max()
                .orElse(0);
    }
}
