package io.airssys.wasm.security;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The directory a component's file access is anchored at: the outermost literal directory of
 * its path patterns (for {@code /data/in/*.txt} and {@code /data/**}, {@code /data}). Symbolic
 * links in the anchor's own path are the operator's and are followed; nothing beneath it is
 * reached through a link. The component cannot rename or replace its anchor, and the
 * directory found there at first use is pinned by its file key, so a directory swapped in later
 * (by anything else) is refused rather than used.
 */
public final class GrantAnchor {

    private final Path path;
    private Object pinnedKey;

    GrantAnchor(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The anchor as the operator wrote it, absolute and normalized. */
    public Path path() {
        return path;
    }

    /**
     * Pins {@code fileKey} (the identity of the directory opened at {@link #path()}) on first
     * use and afterwards tells whether the same directory is still there. A file system without
     * file keys ({@code null}) cannot pin, and is accepted.
     */
    public synchronized boolean accept(Object fileKey) {
        if (fileKey == null) {
            return true;
        }
        if (pinnedKey == null) {
            pinnedKey = fileKey;
            return true;
        }
        return pinnedKey.equals(fileKey);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
