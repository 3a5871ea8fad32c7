package io.airssys.wasm.host.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.GuestMemory;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.TrapKind;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.engine.WasmInstance;
import io.airssys.wasm.engine.WasmLinkException;
import io.airssys.wasm.engine.WasmTimeoutException;
import io.airssys.wasm.engine.WasmTrapException;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.PathPattern;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WASI preview 1 as a guest sees it, called through a module that re-exports every import. */
class WasiPreview1Test {

    private static final int PATH = 1024;
    private static final int SCRATCH = 2048;
    private static final int RIGHTS_READ = 1 << 1;
    private static final long RIGHTS_READ_WRITE = 1L << 1 | 1L << 6;
    private static final int O_CREAT = 1;
    private static final int O_DIRECTORY = 2;

    private static WasmEngine engine;
    private static CompiledModule module;

    @TempDir
    Path dir;

    private Path readOnly;
    private Path writable;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void compile() {
        engine = WasmEngine.create();
        module = engine.compile("wasi@1.0.0", Wat.fixture("wasi-passthrough"), ModuleLimits.DEFAULT);
    }

    @AfterAll
    static void close() {
        module.close();
        engine.close();
    }

    @BeforeEach
    void directories() throws IOException {
        readOnly = Files.createDirectories(dir.resolve("ro"));
        writable = Files.createDirectories(dir.resolve("rw"));
        Files.writeString(readOnly.resolve("hello.txt"), "hello, guest");
    }

    private InstancePool pool(Duration timeout, long outputPerCall, long outputPerInstance) {
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(100));
        CapabilitySet granted = CapabilitySet.of(
                new Capability.FilesystemRead(PathPattern.parse(readOnly + "/**")),
                new Capability.FilesystemWrite(PathPattern.parse(writable + "/**")));
        enforcer.admit("c", granted, granted);
        WasiConfig config = new WasiConfig(
                List.of("c", "--flag"),
                Map.of("MODE", "test"),
                List.of(
                        new WasiConfig.Preopen("/ro", enforcer.checkRead("c", readOnly.toString()), true),
                        new WasiConfig.Preopen("/rw", enforcer.checkWrite("c", writable.toString()), false)),
                stdout::add,
                stderr::add,
                outputPerCall,
                outputPerInstance,
                1 << 20);
        return new InstancePool(
                module,
                new WasiPreview1(config).functions(),
                PoolSettings.defaults().withCallTimeout(timeout).withMaxInstances(1));
    }

    private InstancePool pool() {
        return pool(Duration.ofSeconds(5), 1 << 16, 1 << 20);
    }

    private static <T> T with(InstancePool pool, Function<WasmInstance, T> task) {
        return pool.withInstance(task::apply);
    }

    private static int call(WasmInstance instance, String function, Object... args) {
        return (Integer) instance.call(function, args)[0];
    }

    private static int putString(GuestMemory memory, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        memory.write(at, bytes);
        return bytes.length;
    }

    private static int open(WasmInstance instance, int dirFd, String path, int oflags, long rights) {
        GuestMemory memory = instance.memory().orElseThrow();
        int length = putString(memory, PATH, path);
        int errno = call(instance, "path_open", dirFd, 0, PATH, length, oflags, rights, rights, 0, SCRATCH);
        return errno == 0 ? memory.readInt(SCRATCH) : -errno;
    }

    private static int write(WasmInstance instance, int fd, String text) {
        GuestMemory memory = instance.memory().orElseThrow();
        int length = putString(memory, 4096, text);
        memory.writeInt(0, 4096);
        memory.writeInt(4, length);
        return call(instance, "fd_write", fd, 0, 1, 8);
    }

    @Test
    void guestOutputReachesTheLogLineByLineAndAPartialLineAtTheEndOfTheCall() {
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                assertThat(write(instance, 1, "hello from wasi\npartial")).isZero();
                assertThat(write(instance, 2, "oops\n")).isZero();
                return null;
            });
        }
        assertThat(stdout).containsExactly("hello from wasi", "partial");
        assertThat(stderr).containsExactly("oops");
    }

    @Test
    void floodedOutputIsBoundedPerCallAndPerInstanceAndNothingReachesTheDisk() {
        try (InstancePool pool = pool(Duration.ofSeconds(5), 100, 250)) {
            for (int round = 0; round < 4; round++) {
                with(pool, instance -> {
                    GuestMemory memory = instance.memory().orElseThrow();
                    memory.write(16_384, "x\n".repeat(8000).getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < 1024; i++) { // 1,024 iovecs of 16 KB each: 16 MB per fd_write
                        memory.writeInt(8 * i, 16_384);
                        memory.writeInt(8 * i + 4, 16_000);
                    }
                    for (int i = 0; i < 8; i++) {
                        assertThat(call(instance, "fd_write", 1, 0, 1024, 60_000))
                                .isZero();
                        assertThat(memory.readInt(60_000)).isEqualTo(1024 * 16_000);
                    }
                    return null;
                });
            }
        }
        long passedBytes = stdout.stream().filter(line -> line.equals("x")).count() * 2;
        assertThat(passedBytes).isEqualTo(250);
        assertThat(stdout).anyMatch(line -> line.startsWith("[stdout truncated: ") && line.contains("bytes dropped"));
    }

    @Test
    void argumentsAndEnvironmentAreWhatTheConfigurationSays() {
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                GuestMemory memory = instance.memory().orElseThrow();
                assertThat(call(instance, "args_sizes_get", 0, 4)).isZero();
                assertThat(memory.readInt(0)).isEqualTo(2);
                assertThat(call(instance, "args_get", 100, 200)).isZero();
                assertThat(new String(memory.read(200, memory.readInt(4) - 1), StandardCharsets.UTF_8))
                        .isEqualTo("c\0--flag");
                assertThat(call(instance, "environ_get", 100, 300)).isZero();
                assertThat(new String(memory.read(300, 9), StandardCharsets.UTF_8))
                        .isEqualTo("MODE=test");
                return null;
            });
        }
    }

    @Test
    void readsAFileUnderAReadOnlyPreopen() {
        try (InstancePool pool = pool()) {
            String content = with(pool, instance -> {
                int fd = open(instance, 3, "hello.txt", 0, RIGHTS_READ);
                assertThat(fd).isGreaterThan(4);
                GuestMemory memory = instance.memory().orElseThrow();
                memory.writeInt(0, 8192);
                memory.writeInt(4, 100);
                assertThat(call(instance, "fd_read", fd, 0, 1, 8)).isZero();
                return new String(memory.read(8192, memory.readInt(8)), StandardCharsets.UTF_8);
            });
            assertThat(content).isEqualTo("hello, guest");
        }
    }

    @Test
    void readOnlyPreopenRefusesEveryChange() throws IOException {
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                GuestMemory memory = instance.memory().orElseThrow();
                assertThat(open(instance, 3, "created.txt", O_CREAT, RIGHTS_READ_WRITE))
                        .isEqualTo(-Errno.NOTCAPABLE);
                assertThat(open(instance, 3, "hello.txt", 0, RIGHTS_READ_WRITE)).isEqualTo(-Errno.NOTCAPABLE);
                int length = putString(memory, PATH, "hello.txt");
                assertThat(call(instance, "path_unlink_file", 3, PATH, length)).isEqualTo(Errno.NOTCAPABLE);
                length = putString(memory, PATH, "sub");
                assertThat(call(instance, "path_create_directory", 3, PATH, length))
                        .isEqualTo(Errno.NOTCAPABLE);
                return null;
            });
        }
        assertThat(readOnly.resolve("created.txt")).doesNotExist();
        assertThat(readOnly.resolve("hello.txt")).hasContent("hello, guest");
    }

    @Test
    void writablePreopenCreatesWritesAndRenamesFiles() throws IOException {
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                int fd = open(instance, 4, "out.txt", O_CREAT, RIGHTS_READ_WRITE);
                assertThat(fd).isGreaterThan(4);
                assertThat(write(instance, fd, "written by the guest")).isZero();
                assertThat(call(instance, "fd_close", fd)).isZero();
                GuestMemory memory = instance.memory().orElseThrow();
                int length = putString(memory, PATH, "sub");
                assertThat(call(instance, "path_create_directory", 4, PATH, length))
                        .isZero();
                int from = putString(memory, PATH, "out.txt");
                int to = putString(memory, PATH + 100, "sub/moved.txt");
                assertThat(call(instance, "path_rename", 4, PATH, from, 4, PATH + 100, to))
                        .isZero();
                return null;
            });
        }
        assertThat(writable.resolve("sub/moved.txt")).hasContent("written by the guest");
    }

    @Test
    void pathsCannotClimbOutOfAPreopenOrStartAtTheRoot() throws IOException {
        Files.writeString(dir.resolve("secret.txt"), "not for guests");
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                assertThat(open(instance, 3, "../secret.txt", 0, RIGHTS_READ)).isEqualTo(-Errno.NOTCAPABLE);
                assertThat(open(instance, 3, "a/../../secret.txt", 0, RIGHTS_READ))
                        .isEqualTo(-Errno.NOTCAPABLE);
                assertThat(open(instance, 3, dir.resolve("secret.txt").toString(), 0, RIGHTS_READ))
                        .isEqualTo(-Errno.NOTCAPABLE);
                assertThat(open(instance, 3, "./hello.txt", 0, RIGHTS_READ)).isGreaterThan(4);
                return null;
            });
        }
    }

    @Test
    void symbolicLinksAreNeverFollowedAndCannotBeCreated() throws IOException {
        Files.writeString(dir.resolve("secret.txt"), "not for guests");
        Files.createSymbolicLink(writable.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(writable.resolve("escape-dir"), dir);
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                assertThat(open(instance, 4, "escape.txt", 0, RIGHTS_READ)).isEqualTo(-Errno.LOOP);
                assertThat(open(instance, 4, "escape-dir/secret.txt", 0, RIGHTS_READ))
                        .isEqualTo(-Errno.LOOP);
                assertThat(open(instance, 4, "escape-dir", O_DIRECTORY, RIGHTS_READ))
                        .isEqualTo(-Errno.LOOP);
                GuestMemory memory = instance.memory().orElseThrow();
                int target = putString(memory, PATH, "/etc/passwd");
                int name = putString(memory, PATH + 100, "planted");
                assertThat(call(instance, "path_symlink", PATH, target, 4, PATH + 100, name))
                        .isEqualTo(Errno.PERM);
                return null;
            });
        }
        assertThat(writable.resolve("planted")).doesNotExist();
    }

    @Test
    void listsADirectoryWithReaddir() throws IOException {
        Files.writeString(writable.resolve("b.txt"), "b");
        Files.createDirectory(writable.resolve("a"));
        try (InstancePool pool = pool()) {
            List<String> names = with(pool, instance -> {
                GuestMemory memory = instance.memory().orElseThrow();
                assertThat(call(instance, "fd_readdir", 4, 8192, 4096, 0L, 0)).isZero();
                int used = memory.readInt(0);
                List<String> found = new ArrayList<>();
                for (int at = 8192; at < 8192 + used; ) {
                    int length = memory.readInt(at + 16);
                    found.add(new String(memory.read(at + 24, length), StandardCharsets.UTF_8));
                    at += 24 + length;
                }
                return found;
            });
            assertThat(names).containsExactly(".", "..", "a", "b.txt");
        }
    }

    @Test
    void preopensAreDescribedByPrestat() {
        try (InstancePool pool = pool()) {
            with(pool, instance -> {
                GuestMemory memory = instance.memory().orElseThrow();
                assertThat(call(instance, "fd_prestat_get", 4, 0)).isZero();
                assertThat(memory.readInt(4)).isEqualTo(3);
                assertThat(call(instance, "fd_prestat_dir_name", 4, 100, 3)).isZero();
                assertThat(new String(memory.read(100, 3), StandardCharsets.UTF_8))
                        .isEqualTo("/rw");
                assertThat(call(instance, "fd_prestat_get", 5, 0)).isEqualTo(Errno.BADF);
                return null;
            });
        }
    }

    @Test
    void pollOneoffSleepsNoLongerThanTheCallDeadline() {
        try (InstancePool pool = pool(Duration.ofMillis(200), 1 << 16, 1 << 20)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> with(pool, instance -> {
                        GuestMemory memory = instance.memory().orElseThrow();
                        memory.write(0, new byte[48]);
                        memory.writeByte(8, (byte) 0); // clock subscription
                        memory.writeInt(16, 1); // monotonic
                        memory.writeLong(24, Duration.ofSeconds(5).toNanos());
                        return call(instance, "poll_oneoff", 0, 100, 1, 200);
                    }))
                    .isInstanceOf(WasmTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(450));
        }
    }

    @Test
    void pollOneoffWakesAfterAShortClock() {
        try (InstancePool pool = pool()) {
            long start = System.nanoTime();
            int events = with(pool, instance -> {
                GuestMemory memory = instance.memory().orElseThrow();
                memory.write(0, new byte[48]);
                memory.writeLong(0, 42);
                memory.writeInt(16, 1);
                memory.writeLong(24, Duration.ofMillis(20).toNanos());
                assertThat(call(instance, "poll_oneoff", 0, 100, 1, 200)).isZero();
                assertThat(memory.readLong(100)).isEqualTo(42);
                return memory.readInt(200);
            });
            assertThat(events).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        }
    }

    @Test
    void procExitEndsTheCallAsAnExitTrap() {
        try (InstancePool pool = pool()) {
            assertThatThrownBy(() -> pool.call("proc_exit", 3)).isInstanceOfSatisfying(WasmTrapException.class, e -> {
                assertThat(e.kind()).isEqualTo(TrapKind.EXIT);
                assertThat(e).hasMessageContaining("exit code 3");
            });
        }
    }

    @Test
    void aPointerOutsideMemoryIsAnErrorNotACrash() {
        try (InstancePool pool = pool()) {
            assertThat(pool.call("fd_write", 1, 0x7FFF_FFF0, 1, 8)).containsExactly(Errno.FAULT);
            assertThat(pool.call("random_get", 65_000, 10_000)).containsExactly(Errno.FAULT);
        }
    }

    @Test
    void wasiImportsNeedAWasiContext() {
        assertThatThrownBy(() -> new InstancePool(module, List.of(), PoolSettings.defaults()))
                .isInstanceOfSatisfying(
                        WasmLinkException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "it imports WASI function wasi_snapshot_preview1.fd_write but no WASI context is configured for it"));
    }
}
