package io.airssys.wasm.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One WASI output stream of one instance: the engine can only write it to a file, so the
 * file is read after each call and complete lines go to the sink; a last partial line is
 * flushed when the instance closes.
 */
final class GuestOutput implements AutoCloseable {

    /** Longest line passed on; longer output is split, so a guest cannot grow one line without bound. */
    static final int MAX_LINE = 8 * 1024;

    private final Path file;
    private final Consumer<String> sink;
    private final StringBuilder partial = new StringBuilder();
    private long offset;

    GuestOutput(String prefix, Consumer<String> sink) {
        this.sink = sink;
        try {
            this.file = Files.createTempFile("airssys-wasm-" + prefix, ".out");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for guest output", e);
        }
    }

    Path file() {
        return file;
    }

    void drain() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return;
            }
            in.seek(offset);
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            in.readFully(bytes);
            offset += bytes.length;
            for (char c : new String(bytes, StandardCharsets.UTF_8).toCharArray()) {
                if (c == '\n' || partial.length() >= MAX_LINE) {
                    emit();
                    if (c == '\n') {
                        continue;
                    }
                }
                partial.append(c);
            }
        } catch (IOException e) {
            sink.accept("<guest output unreadable: " + e.getMessage() + ">");
        }
    }

    private void emit() {
        sink.accept(partial.toString());
        partial.setLength(0);
    }

    @Override
    public void close() {
        drain();
        if (!partial.isEmpty()) {
            emit();
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
