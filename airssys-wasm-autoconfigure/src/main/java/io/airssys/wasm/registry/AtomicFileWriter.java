package io.airssys.wasm.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a reader, or the next start after a crash, sees either the old
 * content or the new, never a mix: the bytes go to a temporary file beside the target, are
 * forced to disk, and the temporary file is renamed over the target in one atomic step.
 */
interface AtomicFileWriter {

    /** Temporary files carry this marker; the registry deletes leftovers at start. */
    String TEMP_MARKER = ".tmp-";

    void write(Path target, byte[] content) throws IOException;

    AtomicFileWriter DEFAULT = (target, content) -> {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_MARKER + System.nanoTime());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    };
}
