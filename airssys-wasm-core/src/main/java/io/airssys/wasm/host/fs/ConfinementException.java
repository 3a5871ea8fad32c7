package io.airssys.wasm.host.fs;

import java.nio.file.FileSystemException;

/**
 * A file operation was refused because it would leave the granted directory or touch something
 * a guest must not: a symbolic link, a special file, the granted directory itself, or a granted
 * directory replaced since first use.
 */
public final class ConfinementException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    /** Why the operation was refused. */
    public enum Reason {
        /** A symbolic link was met; links are never followed. */
        SYMBOLIC_LINK,
        /** A device, pipe or socket was met. */
        SPECIAL_FILE,
        /** The operation would rename, remove or recreate the granted directory itself. */
        GRANTED_DIRECTORY,
        /** The granted directory was replaced since first use. */
        ANCHOR_REPLACED,
        /** A directory where a file is needed. */
        IS_DIRECTORY,
        /** Not a symbolic link where one is needed. */
        NOT_A_LINK,
        /** A name that is empty, {@code .}, {@code ..} or contains {@code /} or NUL. */
        INVALID_NAME
    }

    private final Reason kind;

    public ConfinementException(String path, Reason kind, String reason) {
        super(path, null, reason);
        this.kind = kind;
    }

    public Reason kind() {
        return kind;
    }
}
