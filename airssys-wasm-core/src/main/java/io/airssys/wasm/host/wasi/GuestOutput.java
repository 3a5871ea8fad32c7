package io.airssys.wasm.host.wasi;

import io.airssys.wasm.LogText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One of a guest's output streams (standard output or error), passed to a sink line by line.
 * Nothing is written to disk and nothing grows without bound: a line is cut at
 * {@value #MAX_LINE} bytes, and once a call or the instance has passed on its byte budget the
 * rest is dropped, counted, and reported in one marker line.
 */
final class GuestOutput {

    static final int MAX_LINE = 8 * 1024;

    private final String name;
    private final Consumer<String> sink;
    private final long perCall;
    private final long perInstance;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long passedThisCall;
    private long passedInTotal;
    private long droppedThisCall;

    GuestOutput(String name, Consumer<String> sink, long perCall, long perInstance) {
        this.name = name;
        this.sink = sink;
        this.perCall = perCall;
        this.perInstance = perInstance;
    }

    /** How many more bytes would be passed on now; the guest's bytes beyond this need not be read. */
    long room() {
        return Math.max(0, Math.min(perCall - passedThisCall, perInstance - passedInTotal));
    }

    /** Counts bytes the guest wrote that were not even read because there was no room. */
    void drop(long bytes) {
        droppedThisCall += bytes;
    }

    /** Takes bytes the guest wrote; it is always told they were all written. */
    void write(byte[] bytes) {
        for (byte b : bytes) {
            if (passedThisCall >= perCall || passedInTotal >= perInstance) {
                droppedThisCall += 1;
                continue;
            }
            passedThisCall++;
            passedInTotal++;
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    emit();
                }
            }
        }
    }

    /** Ends a call: passes on a last partial line and reports what was dropped. */
    void endCall() {
        if (line.size() > 0) {
            emit();
        }
        if (droppedThisCall > 0) {
            sink.accept("[" + name + " truncated: " + droppedThisCall + " bytes dropped; at most " + perCall
                    + " bytes per call and " + perInstance + " per instance are kept]");
        }
        passedThisCall = 0;
        droppedThisCall = 0;
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        sink.accept(LogText.escape(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text));
    }
}
