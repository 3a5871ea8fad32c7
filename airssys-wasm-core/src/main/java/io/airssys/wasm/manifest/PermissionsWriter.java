package io.airssys.wasm.manifest;

import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Writes a {@link CapabilitySet} as the {@code [permissions.*]} tables {@link ManifestParser#parseGrants} reads. */
public final class PermissionsWriter {

    private PermissionsWriter() {}

    public static String toToml(CapabilitySet capabilities) {
        StringBuilder out = new StringBuilder();
        table(
                out,
                "filesystem",
                capabilities,
                Capability.FilesystemRead.class,
                "read",
                c -> c.pattern().toString());
        table(
                out,
                "filesystem",
                capabilities,
                Capability.FilesystemWrite.class,
                "write",
                c -> c.pattern().toString());
        table(
                out,
                "network",
                capabilities,
                Capability.NetworkOutbound.class,
                "outbound",
                c -> c.pattern().toString());
        table(
                out,
                "env",
                capabilities,
                Capability.EnvironmentVariable.class,
                "vars",
                c -> c.pattern().text());
        table(
                out,
                "messaging",
                capabilities,
                Capability.MessagingSendTo.class,
                "send-to",
                c -> c.pattern().text());
        table(
                out,
                "host",
                capabilities,
                Capability.HostInterfaceImport.class,
                "interfaces",
                c -> c.pattern().text());
        if (capabilities.all(Capability.StorageQuota.class).findAny().isPresent()) {
            out.append("[permissions.storage]\nquota = ")
                    .append(capabilities.storageQuotaBytes())
                    .append('\n');
        }
        return out.toString();
    }

    private static <T extends Capability> void table(
            StringBuilder out,
            String table,
            CapabilitySet capabilities,
            Class<T> kind,
            String key,
            Function<T, String> pattern) {
        List<String> values = capabilities.all(kind).map(pattern).toList();
        if (!values.isEmpty()) {
            out.append("[permissions.")
                    .append(table)
                    .append("]\n")
                    .append(key)
                    .append(" = [")
                    .append(values.stream().map(PermissionsWriter::quote).collect(Collectors.joining(", ")))
                    .append("]\n");
        }
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
