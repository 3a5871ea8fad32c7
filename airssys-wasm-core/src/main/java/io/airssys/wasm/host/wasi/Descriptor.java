package io.airssys.wasm.host.wasi;

import io.airssys.wasm.host.fs.ConfinedFiles;
import io.airssys.wasm.security.FileAccess;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/** What a WASI file descriptor refers to. */
sealed interface Descriptor {

    /** Standard input: always empty. */
    record Stdin() implements Descriptor {}

    /** Standard output or error. */
    record Output(GuestOutput stream) implements Descriptor {}

    /**
     * A directory beneath a preopen. {@code preopen} is the name the guest sees for a preopened
     * directory, null for one it opened itself; {@code depth} is how many of the access's names
     * belong to the preopen, which {@code ..} may not climb above.
     */
    final class Directory implements Descriptor {
        final FileAccess access;
        final int depth;
        final boolean readOnly;
        final String preopen;
        List<ConfinedFiles.Entry> listing;

        Directory(FileAccess access, int depth, boolean readOnly, String preopen) {
            this.access = access;
            this.depth = depth;
            this.readOnly = readOnly;
            this.preopen = preopen;
        }
    }

    /** An open regular file. */
    record File(FileAccess access, SeekableByteChannel channel, boolean readable, boolean writable, boolean append)
            implements Descriptor {

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more can be done for a file the guest is done with
            }
        }
    }
}
