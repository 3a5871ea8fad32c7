package io.airssys.wasm.security;

import io.airssys.wasm.security.Capability.EnvironmentVariable;
import io.airssys.wasm.security.Capability.FilesystemRead;
import io.airssys.wasm.security.Capability.FilesystemWrite;
import io.airssys.wasm.security.Capability.HostInterfaceImport;
import io.airssys.wasm.security.Capability.MessagingSendTo;
import io.airssys.wasm.security.Capability.NetworkOutbound;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Decides, at run time, what each component may do. Deny by default: a component may do only
 * what its manifest requested and the operator granted ({@link #admit}); least privilege: it
 * holds exactly what it requested, not everything it was granted. Paths are normalized (so
 * {@code ..} cannot climb out) and must match a pattern as written; an allowed file access is a
 * {@link FileAccess} anchored at the outermost directory of the component's patterns, which the
 * host walks without following links, so the check and the use are one operation. Every
 * decision goes to the {@link AuditLog}. Thread-safe.
 */
public final class CapabilityEnforcer {

    private final AuditLog audit;
    private final Map<String, Admitted> components = new ConcurrentHashMap<>();

    /** A component's capabilities and the anchors of its path patterns, outermost only. */
    private record Admitted(CapabilitySet capabilities, List<GrantAnchor> anchors) {}

    public CapabilityEnforcer(AuditLog audit) {
        this.audit = audit;
    }

    public AuditLog audit() {
        return audit;
    }

    /**
     * Admits a component with what its manifest requests, if the grants cover all of it.
     *
     * @throws CapabilitiesRefusedException listing every request no grant covers
     */
    public void admit(String component, CapabilitySet requested, CapabilitySet granted) {
        List<Capability> missing = granted.missingFrom(requested);
        if (!missing.isEmpty()) {
            audit.record(component, "deploy", "capabilities", false, "not granted: " + missing);
            throw new CapabilitiesRefusedException(component, missing);
        }
        List<List<String>> prefixes = Stream.concat(
                        requested.all(FilesystemRead.class).map(FilesystemRead::pattern),
                        requested.all(FilesystemWrite.class).map(FilesystemWrite::pattern))
                .map(PathPattern::literalPrefix)
                .distinct()
                .toList();
        List<GrantAnchor> anchors = new ArrayList<>();
        for (List<String> prefix : prefixes) {
            boolean nested = prefixes.stream()
                    .anyMatch(other -> other.size() < prefix.size()
                            && prefix.subList(0, other.size()).equals(other));
            if (!nested) {
                anchors.add(new GrantAnchor(Path.of("/" + String.join("/", prefix))));
            }
        }
        components.put(component, new Admitted(requested, List.copyOf(anchors)));
        audit.record(component, "deploy", "capabilities", true, "granted " + requested.capabilities());
    }

    /** Forgets a component; it may do nothing from now on. */
    public void revoke(String component) {
        components.remove(component);
    }

    public Optional<CapabilitySet> capabilities(String component) {
        return Optional.ofNullable(components.get(component)).map(Admitted::capabilities);
    }

    /**
     * Checks that {@code component} may read {@code path}; returns where the host finds it.
     *
     * @throws CapabilityDeniedException if it may not
     */
    public FileAccess checkRead(String component, String path) {
        return checkPath(component, "filesystem.read", path, false);
    }

    /** Checks that {@code component} may create, write or remove {@code path}; returns where the host finds it. */
    public FileAccess checkWrite(String component, String path) {
        return checkPath(component, "filesystem.write", path, true);
    }

    /** Records a decision the host made within a grant, e.g. a WASI write refused on a read-only directory. */
    public void record(String component, String action, String target, boolean allowed, String reason) {
        audit.record(component, action, target, allowed, reason);
    }

    /** Checks that {@code component} may send an HTTP request to {@code url}; returns it parsed. */
    public URI checkOutbound(String component, String url) {
        String action = "network.outbound";
        Admitted admitted = admitted(component, action, url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw deny(component, action, url, "not a valid URL");
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw deny(component, action, url, "not an absolute http(s) URL with a host");
        }
        Optional<HostPattern> match = admitted.capabilities
                .all(NetworkOutbound.class)
                .map(NetworkOutbound::pattern)
                .filter(p -> p.matches(uri))
                .findFirst();
        if (match.isEmpty()) {
            throw deny(
                    component,
                    action,
                    url,
                    "no granted host pattern matches; granted: "
                            + admitted.capabilities
                                    .all(NetworkOutbound.class)
                                    .map(NetworkOutbound::pattern)
                                    .toList());
        }
        allow(component, action, url, match.get());
        return uri;
    }

    /** Checks that {@code component} may read environment variable {@code name}. */
    public void checkEnvironment(String component, String name) {
        String action = "env.read";
        Admitted admitted = admitted(component, action, name);
        Optional<NamePattern> match = admitted.capabilities
                .all(EnvironmentVariable.class)
                .map(EnvironmentVariable::pattern)
                .filter(p -> p.matches(name))
                .findFirst();
        if (match.isEmpty()) {
            throw deny(component, action, name, "variable not granted");
        }
        allow(component, action, name, match.get());
    }

    /** Checks that {@code component} may send messages to {@code target}. */
    public void checkSendTo(String component, String target) {
        String action = "messaging.send";
        Admitted admitted = admitted(component, action, target);
        Optional<NamePattern> match = admitted.capabilities
                .all(MessagingSendTo.class)
                .map(MessagingSendTo::pattern)
                .filter(p -> p.matches(target))
                .findFirst();
        if (match.isEmpty()) {
            throw deny(component, action, target, "target not in [permissions.messaging] send-to");
        }
        allow(component, action, target, match.get());
    }

    /**
     * Checks that {@code component} may call {@code function} of the application's host
     * interface {@code interfaceName}; every call is audited.
     */
    public void checkHostInterface(String component, String interfaceName, String function) {
        String action = "host.call";
        String target = interfaceName + "#" + function;
        Admitted admitted = admitted(component, action, target);
        Optional<NamePattern> match = admitted.capabilities
                .all(HostInterfaceImport.class)
                .map(HostInterfaceImport::pattern)
                .filter(p -> p.matches(interfaceName))
                .findFirst();
        if (match.isEmpty()) {
            throw deny(component, action, target, "interface not in [permissions.host] interfaces");
        }
        allow(component, action, target, match.get());
    }

    /** The storage quota the component holds, 0 when it has none. */
    public long storageQuota(String component) {
        Admitted admitted = components.get(component);
        return admitted == null ? 0 : admitted.capabilities.storageQuotaBytes();
    }

    private FileAccess checkPath(String component, String action, String raw, boolean write) {
        Admitted admitted = admitted(component, action, raw);
        Path normalized;
        try {
            if (raw.indexOf('\0') >= 0) {
                throw deny(component, action, raw, "path contains NUL");
            }
            Path path = Path.of(raw);
            if (!path.isAbsolute()) {
                throw deny(component, action, raw, "path must be absolute");
            }
            normalized = path.normalize();
        } catch (InvalidPathException e) {
            throw deny(component, action, raw, "not a valid path");
        }
        List<String> segments = segments(normalized);
        List<PathPattern> patterns = new ArrayList<>(admitted.capabilities
                .all(FilesystemWrite.class)
                .map(FilesystemWrite::pattern)
                .toList());
        if (!write) {
            admitted.capabilities
                    .all(FilesystemRead.class)
                    .map(FilesystemRead::pattern)
                    .forEach(patterns::add);
        }
        for (PathPattern pattern : patterns) {
            if (pattern.matches(segments)) {
                GrantAnchor anchor = anchorOf(admitted, segments);
                allow(component, action, raw, pattern);
                return new FileAccess(
                        anchor,
                        segments.subList(segments(anchor.path()).size(), segments.size()),
                        normalized.toString());
            }
        }
        throw deny(component, action, raw, "no granted path pattern matches " + normalized + "; granted: " + patterns);
    }

    /** The outermost anchor containing the path; one exists, since a pattern of the component matched it. */
    private static GrantAnchor anchorOf(Admitted admitted, List<String> segments) {
        for (GrantAnchor anchor : admitted.anchors) {
            List<String> prefix = segments(anchor.path());
            if (prefix.size() <= segments.size()
                    && segments.subList(0, prefix.size()).equals(prefix)) {
                return anchor;
            }
        }
        throw new IllegalStateException("no anchor contains " + segments);
    }

    private static List<String> segments(Path path) {
        List<String> segments = new ArrayList<>();
        path.forEach(part -> segments.add(part.toString()));
        return segments;
    }

    private Admitted admitted(String component, String action, String target) {
        Admitted admitted = components.get(component);
        if (admitted == null) {
            throw deny(component, action, target, "the component is not admitted");
        }
        return admitted;
    }

    private void allow(String component, String action, String target, Object pattern) {
        audit.record(component, action, target, true, "granted by " + pattern);
    }

    private CapabilityDeniedException deny(String component, String action, String target, String reason) {
        audit.record(component, action, target, false, reason);
        return new CapabilityDeniedException(component, action, target, reason);
    }
}
