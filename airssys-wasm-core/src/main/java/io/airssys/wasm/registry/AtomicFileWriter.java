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
 * forced to disk, the temporary file is renamed over the target in one atomic step, and the
 * directory is forced to disk so the rename is durable.
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
        syncDirectory(target.toAbsolutePath().getParent());
    };

    /**
     * Forces the directory entry of a rename to disk, so the new name survives a power loss.
     * File systems that cannot open a directory (Windows) make rename durable themselves.
     */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported here; the rename itself is still atomic
        }
    }
}
