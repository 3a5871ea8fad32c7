package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.HostPattern;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.security.PathPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns the grants of {@code airssys.wasm.components.<id>.grants} into capabilities, naming any bad pattern. */
final class ConfiguredGrants {

    private ConfiguredGrants() {}

    static CapabilitySet of(String componentId, WasmRuntimeProperties.Grants grants) {
        String prefix = "airssys.wasm.components." + componentId + ".grants.";
        List<Capability> capabilities = new ArrayList<>();
        add(
                capabilities,
                prefix + "filesystem-read",
                grants.filesystemRead(),
                p -> new Capability.FilesystemRead(PathPattern.parse(p)));
        add(
                capabilities,
                prefix + "filesystem-write",
                grants.filesystemWrite(),
                p -> new Capability.FilesystemWrite(PathPattern.parse(p)));
        add(
                capabilities,
                prefix + "network-outbound",
                grants.networkOutbound(),
                p -> new Capability.NetworkOutbound(HostPattern.parse(p)));
        add(capabilities, prefix + "env", grants.env(), p -> new Capability.EnvironmentVariable(NamePattern.parse(p)));
        add(
                capabilities,
                prefix + "send-to",
                grants.sendTo(),
                p -> new Capability.MessagingSendTo(NamePattern.parse(p)));
        add(
                capabilities,
                prefix + "host-interfaces",
                grants.hostInterfaces(),
                p -> new Capability.HostInterfaceImport(NamePattern.parse(p)));
        if (grants.storageQuota() != null) {
            capabilities.add(new Capability.StorageQuota(grants.storageQuota().toBytes()));
        }
        return new CapabilitySet(capabilities);
    }

    private static void add(
            List<Capability> capabilities,
            String property,
            List<String> patterns,
            Function<String, Capability> parser) {
        for (int i = 0; i < patterns.size(); i++) {
            try {
                capabilities.add(parser.apply(patterns.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidWasmConfigurationException(
                        property + "[" + i + "]", patterns.get(i), e.getMessage(), e);
            }
        }
    }
}
