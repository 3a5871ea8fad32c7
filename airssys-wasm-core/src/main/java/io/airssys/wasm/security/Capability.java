package io.airssys.wasm.security;

/** One thing a component may do beyond pure computation. Requested by its manifest, granted by the operator. */
public sealed interface Capability {

    /** Whether this capability, held as a grant, covers {@code request}. */
    boolean covers(Capability request);

    /** Reading files matching the pattern. */
    record FilesystemRead(PathPattern pattern) implements Capability {
        @Override
        public boolean covers(Capability request) {
            return request instanceof FilesystemRead r && pattern.covers(r.pattern);
        }

        @Override
        public String toString() {
            return "filesystem.read " + pattern;
        }
    }

    /** Creating, writing and removing files matching the pattern; implies reading them. */
    record FilesystemWrite(PathPattern pattern) implements Capability {
        @Override
        public boolean covers(Capability request) {
            return request instanceof FilesystemWrite w && pattern.covers(w.pattern)
                    || request instanceof FilesystemRead r && pattern.covers(r.pattern);
        }

        @Override
        public String toString() {
            return "filesystem.write " + pattern;
        }
    }

    /** Outbound HTTP to destinations matching the pattern. */
    record NetworkOutbound(HostPattern pattern) implements Capability {
        @Override
        public boolean covers(Capability request) {
            return request instanceof NetworkOutbound n && pattern.covers(n.pattern);
        }

        @Override
        public String toString() {
            return "network.outbound " + pattern;
        }
    }

    /** Reading environment variables whose names match. */
    record EnvironmentVariable(NamePattern pattern) implements Capability {
        @Override
        public boolean covers(Capability request) {
            return request instanceof EnvironmentVariable e && pattern.covers(e.pattern);
        }

        @Override
        public String toString() {
            return "env " + pattern;
        }
    }

    /** Keeping up to this many bytes in the component's key-value store. */
    record StorageQuota(long bytes) implements Capability {
        public StorageQuota {
            if (bytes < 0) {
                throw new IllegalArgumentException("storage quota must not be negative");
            }
        }

        @Override
        public boolean covers(Capability request) {
            return request instanceof StorageQuota s && s.bytes <= bytes;
        }

        @Override
        public String toString() {
            return "storage.quota " + bytes + " bytes";
        }
    }

    /** Sending messages to components whose ids match. */
    record MessagingSendTo(NamePattern pattern) implements Capability {
        @Override
        public boolean covers(Capability request) {
            return request instanceof MessagingSendTo m && pattern.covers(m.pattern);
        }

        @Override
        public String toString() {
            return "messaging.send-to " + pattern;
        }
    }

    /**
     * Importing the application's host interfaces whose qualified names match the pattern
     * ({@code acme:shop/catalog@1.0.0}, {@code acme:shop/*}).
     */
    record HostInterfaceImport(NamePattern pattern) implements Capability {
        @Override
        public boolean covers(Capability request) {
            return request instanceof HostInterfaceImport h && pattern.covers(h.pattern);
        }

        @Override
        public String toString() {
            return "host.interface " + pattern;
        }
    }
}
