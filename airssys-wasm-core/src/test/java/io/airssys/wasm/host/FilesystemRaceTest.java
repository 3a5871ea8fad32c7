package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.PathPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check-then-use race of a guest that renames a directory and plants a symbolic link while
 * another of its calls reads or writes through that directory. A thread swaps the real directory
 * and a link to the outside back and forth as fast as it can, while 10,000 reads and 10,000
 * writes go through the granted path: none may see or touch anything outside the grant.
 */
class FilesystemRaceTest {

    private static final String SECRET = "root:x:0:0:outside the grant";

    @TempDir
    Path root;

    @Test
    void aSwapperRacingTenThousandReadsAndWritesNeverLeadsOutsideTheGrant() throws Exception {
        root = root.toRealPath();
        Path grant = Files.createDirectories(root.resolve("grant"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("passwd"), SECRET);
        Path dir = Files.createDirectories(grant.resolve("dir"));
        Files.writeString(dir.resolve("passwd"), "inside");

        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10));
        CapabilitySet caps = CapabilitySet.of(new Capability.FilesystemWrite(PathPattern.parse(grant + "/**")));
        enforcer.admit("racer", caps, caps);
        Map<String, WitHostFunctions.Implementation> fs =
                new FilesystemHost(enforcer, 1 << 20, 1 << 20).implementations("racer");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(
                () -> {
                    Path parked = grant.resolve("dir.real");
                    while (running.get()) {
                        try {
                            Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
                            Files.createSymbolicLink(dir, Path.of("../outside"));
                            Thread.onSpinWait();
                            Files.delete(dir);
                            Files.move(parked, dir, StandardCopyOption.ATOMIC_MOVE);
                            swaps.incrementAndGet();
                        } catch (IOException e) {
                            // a concurrent operation held a name for a moment; keep swapping
                        }
                    }
                },
                "swapper");
        swapper.start();
        int reads = 0;
        int readsInside = 0;
        try {
            for (int i = 0; i < 10_000; i++) {
                WitValue read = fs.get("read-file").call(List.of(new StringValue(dir + "/passwd")));
                reads++;
                if (read instanceof ResultValue result && result.ok()) {
                    String content =
                            new String(((BytesValue) result.value().orElseThrow()).value(), StandardCharsets.UTF_8);
                    assertThat(content).as("read %d", i).isEqualTo("inside");
                    readsInside++;
                }
                fs.get("write-file")
                        .call(List.of(new StringValue(dir + "/w" + (i % 50) + ".txt"), new BytesValue(new byte[] {1})));
            }
        } finally {
            running.set(false);
            swapper.join();
        }

        assertThat(reads).isEqualTo(10_000);
        assertThat(swaps.get()).as("the swapper really raced").isGreaterThan(100);
        assertThat(readsInside).as("some reads found the real directory").isPositive();
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("passwd");
        }
        assertThat(outside.resolve("passwd")).hasContent(SECRET);
    }
}
