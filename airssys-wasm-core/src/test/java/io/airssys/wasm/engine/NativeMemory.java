package io.airssys.wasm.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident set size, to catch native leaks the Java heap does not show. */
final class NativeMemory {

    private NativeMemory() {}

    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
