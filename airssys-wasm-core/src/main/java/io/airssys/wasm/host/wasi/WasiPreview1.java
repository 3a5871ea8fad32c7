package io.airssys.wasm.host.wasi;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.GuestExitException;
import io.airssys.wasm.engine.GuestMemory;
import io.airssys.wasm.engine.GuestMemoryAccessException;
import io.airssys.wasm.engine.HostCall;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.host.fs.ConfinedFiles;
import io.airssys.wasm.host.fs.ConfinementException;
import io.airssys.wasm.security.FileAccess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * WASI preview 1 ({@code wasi_snapshot_preview1}) implemented by the host, the same on every
 * engine. Files are reached only beneath preopened directories, through {@link ConfinedFiles}
 * (no link is ever followed, no path climbs out); read-only preopens refuse every change; guests
 * cannot create links. Standard output and error go to the component's logger, bounded per call
 * and per instance, never to disk. Every function that waits ({@code poll_oneoff}) waits no
 * longer than the call's deadline. Sockets are not offered.
 */
public final class WasiPreview1 {

    /** Module name of WASI preview 1 imports. */
    public static final String MODULE = "wasi_snapshot_preview1";

    private static final int MAX_IOVECS = 1024;
    private static final int MAX_PATH_BYTES = 4096;
    private static final int MAX_SUBSCRIPTIONS = 4096;
    private static final int CHUNK = 64 * 1024;

    private static final int FILETYPE_UNKNOWN = 0;
    private static final int FILETYPE_CHARACTER_DEVICE = 2;
    private static final int FILETYPE_DIRECTORY = 3;
    private static final int FILETYPE_REGULAR_FILE = 4;
    private static final int FILETYPE_SYMBOLIC_LINK = 7;

    private static final int OFLAGS_CREAT = 1;
    private static final int OFLAGS_DIRECTORY = 2;
    private static final int OFLAGS_EXCL = 4;
    private static final int OFLAGS_TRUNC = 8;
    private static final int FDFLAGS_APPEND = 1;

    private static final long RIGHT_FD_DATASYNC = 1L;
    private static final long RIGHT_FD_READ = 1L << 1;
    private static final long RIGHT_FD_SEEK = 1L << 2;
    private static final long RIGHT_FD_SYNC = 1L << 4;
    private static final long RIGHT_FD_TELL = 1L << 5;
    private static final long RIGHT_FD_WRITE = 1L << 6;
    private static final long RIGHT_FD_ADVISE = 1L << 7;
    private static final long RIGHT_FD_ALLOCATE = 1L << 8;
    private static final long RIGHT_PATH_OPEN = 1L << 13;
    private static final long RIGHT_FD_READDIR = 1L << 14;
    private static final long RIGHT_PATH_READLINK = 1L << 15;
    private static final long RIGHT_PATH_FILESTAT_GET = 1L << 18;
    private static final long RIGHT_FD_FILESTAT_GET = 1L << 21;
    private static final long RIGHT_FD_FILESTAT_SET_SIZE = 1L << 22;
    private static final long RIGHT_FD_FILESTAT_SET_TIMES = 1L << 23;
    private static final long RIGHT_POLL_FD_READWRITE = 1L << 27;
    private static final long WRITE_RIGHTS =
            RIGHT_FD_DATASYNC | RIGHT_FD_WRITE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_SET_SIZE;
    /** Rights that change nothing: reading, seeking, listing, stat, advising, polling. */
    private static final long READ_ONLY_RIGHTS = RIGHT_FD_READ
            | RIGHT_FD_SEEK
            | RIGHT_FD_TELL
            | RIGHT_FD_ADVISE
            | RIGHT_PATH_OPEN
            | RIGHT_FD_READDIR
            | RIGHT_PATH_READLINK
            | RIGHT_PATH_FILESTAT_GET
            | RIGHT_FD_FILESTAT_GET
            | RIGHT_POLL_FD_READWRITE;

    private static final long ALL_RIGHTS = (1L << 30) - 1;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final WasiConfig config;

    public WasiPreview1(WasiConfig config) {
        this.config = config;
    }

    /** The host functions, one for each WASI preview 1 import a module may have. */
    public List<HostFunction> functions() {
        List<HostFunction> functions = new ArrayList<>();
        add(functions, "args_get", i32s(2), (c, s, m) -> writeStrings(m, config.args(), c.intArg(0), c.intArg(1)));
        add(functions, "args_sizes_get", i32s(2), (c, s, m) -> writeSizes(m, config.args(), c.intArg(0), c.intArg(1)));
        add(functions, "environ_get", i32s(2), (c, s, m) -> writeStrings(m, environment(), c.intArg(0), c.intArg(1)));
        add(
                functions,
                "environ_sizes_get",
                i32s(2),
                (c, s, m) -> writeSizes(m, environment(), c.intArg(0), c.intArg(1)));
        add(functions, "clock_res_get", i32s(2), (c, s, m) -> clockResolution(m, c.intArg(0), c.intArg(1)));
        add(
                functions,
                "clock_time_get",
                types(ValueType.I32, ValueType.I64, ValueType.I32),
                (c, s, m) -> clockTime(m, c.intArg(0), c.intArg(2)));
        add(functions, "fd_advise", types(ValueType.I32, ValueType.I64, ValueType.I64, ValueType.I32), (c, s, m) -> {
            s.get(c.intArg(0), Descriptor.File.class, Errno.BADF);
            return Errno.SUCCESS;
        });
        add(
                functions,
                "fd_allocate",
                types(ValueType.I32, ValueType.I64, ValueType.I64),
                (c, s, m) -> allocate(s, c.intArg(0), c.longArg(1), c.longArg(2)));
        add(functions, "fd_close", i32s(1), (c, s, m) -> {
            s.close(c.intArg(0));
            return Errno.SUCCESS;
        });
        add(functions, "fd_datasync", i32s(1), (c, s, m) -> sync(s, c.intArg(0), false));
        add(functions, "fd_sync", i32s(1), (c, s, m) -> sync(s, c.intArg(0), true));
        add(functions, "fd_fdstat_get", i32s(2), (c, s, m) -> fdstat(s, m, c.intArg(0), c.intArg(1)));
        add(functions, "fd_fdstat_set_flags", i32s(2), (c, s, m) -> setFlags(s, c.intArg(0), c.intArg(1)));
        add(functions, "fd_fdstat_set_rights", types(ValueType.I32, ValueType.I64, ValueType.I64), (c, s, m) -> {
            s.get(c.intArg(0));
            return Errno.SUCCESS;
        });
        add(functions, "fd_filestat_get", i32s(2), (c, s, m) -> fdFilestat(s, m, c.intArg(0), c.intArg(1)));
        add(
                functions,
                "fd_filestat_set_size",
                types(ValueType.I32, ValueType.I64),
                (c, s, m) -> setSize(s, c.intArg(0), c.longArg(1)));
        add(
                functions,
                "fd_filestat_set_times",
                types(ValueType.I32, ValueType.I64, ValueType.I64, ValueType.I32),
                (c, s, m) ->
                        setTimes(fileOrDirectoryAccess(s, c.intArg(0), true), c.longArg(1), c.longArg(2), c.intArg(3)));
        add(
                functions,
                "fd_pread",
                types(ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I64, ValueType.I32),
                (c, s, m) -> read(s, m, c.intArg(0), c.intArg(1), c.intArg(2), c.longArg(3), c.intArg(4)));
        add(
                functions,
                "fd_read",
                i32s(4),
                (c, s, m) -> read(s, m, c.intArg(0), c.intArg(1), c.intArg(2), -1, c.intArg(3)));
        add(
                functions,
                "fd_pwrite",
                types(ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I64, ValueType.I32),
                (c, s, m) -> write(s, m, c.intArg(0), c.intArg(1), c.intArg(2), c.longArg(3), c.intArg(4)));
        add(
                functions,
                "fd_write",
                i32s(4),
                (c, s, m) -> write(s, m, c.intArg(0), c.intArg(1), c.intArg(2), -1, c.intArg(3)));
        add(functions, "fd_prestat_get", i32s(2), (c, s, m) -> prestat(s, m, c.intArg(0), c.intArg(1)));
        add(
                functions,
                "fd_prestat_dir_name",
                i32s(3),
                (c, s, m) -> prestatName(s, m, c.intArg(0), c.intArg(1), c.intArg(2)));
        add(
                functions,
                "fd_readdir",
                types(ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I64, ValueType.I32),
                (c, s, m) -> readdir(s, m, c.intArg(0), c.intArg(1), c.intArg(2), c.longArg(3), c.intArg(4)));
        add(functions, "fd_renumber", i32s(2), (c, s, m) -> {
            s.renumber(c.intArg(0), c.intArg(1));
            return Errno.SUCCESS;
        });
        add(
                functions,
                "fd_seek",
                types(ValueType.I32, ValueType.I64, ValueType.I32, ValueType.I32),
                (c, s, m) -> seek(s, m, c.intArg(0), c.longArg(1), c.intArg(2), c.intArg(3)));
        add(functions, "fd_tell", i32s(2), (c, s, m) -> seek(s, m, c.intArg(0), 0, 1, c.intArg(1)));
        add(functions, "path_create_directory", i32s(3), (c, s, m) -> {
            ConfinedFiles.createDirectory(resolve(s, m, c.intArg(0), c.intArg(1), c.intArg(2), true));
            return Errno.SUCCESS;
        });
        add(functions, "path_filestat_get", i32s(5), (c, s, m) -> {
            FileAccess access = resolve(s, m, c.intArg(0), c.intArg(2), c.intArg(3), false);
            writeFilestat(m, c.intArg(4), ConfinedFiles.attributes(access), -1);
            return Errno.SUCCESS;
        });
        add(
                functions,
                "path_filestat_set_times",
                types(
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I64,
                        ValueType.I64,
                        ValueType.I32),
                (c, s, m) -> setTimes(
                        resolve(s, m, c.intArg(0), c.intArg(2), c.intArg(3), true),
                        c.longArg(4),
                        c.longArg(5),
                        c.intArg(6)));
        add(functions, "path_link", i32s(7), (c, s, m) -> Errno.PERM);
        add(functions, "path_symlink", i32s(5), (c, s, m) -> Errno.PERM);
        add(
                functions,
                "path_open",
                types(
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I64,
                        ValueType.I64,
                        ValueType.I32,
                        ValueType.I32),
                (c, s, m) -> open(
                        s,
                        m,
                        c.intArg(0),
                        c.intArg(2),
                        c.intArg(3),
                        c.intArg(4),
                        c.longArg(5),
                        c.intArg(7),
                        c.intArg(8)));
        add(
                functions,
                "path_readlink",
                i32s(6),
                (c, s, m) ->
                        readLink(s, m, c.intArg(0), c.intArg(1), c.intArg(2), c.intArg(3), c.intArg(4), c.intArg(5)));
        add(functions, "path_remove_directory", i32s(3), (c, s, m) -> {
            ConfinedFiles.deleteDirectory(resolve(s, m, c.intArg(0), c.intArg(1), c.intArg(2), true));
            return Errno.SUCCESS;
        });
        add(functions, "path_rename", i32s(6), (c, s, m) -> {
            FileAccess from = resolve(s, m, c.intArg(0), c.intArg(1), c.intArg(2), true);
            FileAccess to = resolve(s, m, c.intArg(3), c.intArg(4), c.intArg(5), true);
            if (from.anchor() != to.anchor()) {
                return Errno.XDEV;
            }
            ConfinedFiles.move(from, to);
            return Errno.SUCCESS;
        });
        add(functions, "path_unlink_file", i32s(3), (c, s, m) -> {
            ConfinedFiles.deleteFile(resolve(s, m, c.intArg(0), c.intArg(1), c.intArg(2), true));
            return Errno.SUCCESS;
        });
        add(
                functions,
                "poll_oneoff",
                i32s(4),
                (c, s, m) -> poll(c, s, m, c.intArg(0), c.intArg(1), c.intArg(2), c.intArg(3)));
        functions.add(
                new HostFunction(MODULE, "proc_exit", new FunctionType(List.of(ValueType.I32), List.of()), call -> {
                    throw new GuestExitException(call.intArg(0));
                }));
        add(functions, "proc_raise", i32s(1), (c, s, m) -> Errno.NOSYS);
        add(functions, "random_get", i32s(2), (c, s, m) -> random(m, c.intArg(0), c.intArg(1)));
        add(functions, "sched_yield", List.of(), (c, s, m) -> {
            Thread.yield();
            return Errno.SUCCESS;
        });
        add(functions, "sock_accept", i32s(3), (c, s, m) -> Errno.NOTSUP);
        add(functions, "sock_recv", i32s(6), (c, s, m) -> Errno.NOTSUP);
        add(functions, "sock_send", i32s(5), (c, s, m) -> Errno.NOTSUP);
        add(functions, "sock_shutdown", i32s(2), (c, s, m) -> Errno.NOTSUP);
        return functions;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Body {
        int run(HostCall call, WasiState state, GuestMemory memory) throws WasiException, IOException;
    }

    private void add(List<HostFunction> functions, String name, List<ValueType> params, Body body) {
        functions.add(new HostFunction(MODULE, name, new FunctionType(params, List.of(ValueType.I32)), call -> {
            WasiState state = call.local(this, this::newState);
            try {
                return new Object[] {body.run(call, state, call.memory())};
            } catch (WasiException e) {
                return new Object[] {e.errno()};
            } catch (GuestMemoryAccessException e) {
                return new Object[] {Errno.FAULT};
            } catch (IOException e) {
                return new Object[] {errno(e)};
            } catch (InvalidPathException e) {
                return new Object[] {Errno.INVAL};
            }
        }));
    }

    private WasiState newState() {
        Map<Integer, Descriptor> preopens = new HashMap<>();
        int fd = 3;
        for (WasiConfig.Preopen preopen : config.preopens()) {
            preopens.put(
                    fd++,
                    new Descriptor.Directory(
                            preopen.directory(),
                            preopen.directory().names().size(),
                            preopen.readOnly(),
                            preopen.guestPath()));
        }
        return new WasiState(config, preopens);
    }

    private static List<ValueType> i32s(int count) {
        return Collections.nCopies(count, ValueType.I32);
    }

    private static List<ValueType> types(ValueType... types) {
        return List.of(types);
    }

    static int errno(IOException e) {
        if (e instanceof ConfinementException confined) {
            return switch (confined.kind()) {
                case SYMBOLIC_LINK -> Errno.LOOP;
                case SPECIAL_FILE -> Errno.ACCES;
                case GRANTED_DIRECTORY, ANCHOR_REPLACED -> Errno.NOTCAPABLE;
                case IS_DIRECTORY -> Errno.ISDIR;
                case NOT_A_LINK, INVALID_NAME -> Errno.INVAL;
            };
        }
        if (e instanceof NoSuchFileException) {
            return Errno.NOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EXIST;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.NOTDIR;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Errno.NOTEMPTY;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.ACCES;
        }
        if (e instanceof FileSystemLoopException) {
            return Errno.LOOP;
        }
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (reason == null) {
            return Errno.IO;
        }
        if (reason.contains("Is a directory")) {
            return Errno.ISDIR;
        }
        if (reason.contains("Not a directory")) {
            return Errno.NOTDIR;
        }
        if (reason.contains("Too many levels of symbolic links")) {
            return Errno.LOOP;
        }
        if (reason.contains("No space left")) {
            return Errno.NOSPC;
        }
        if (reason.contains("Directory not empty")) {
            return Errno.NOTEMPTY;
        }
        if (reason.contains("Read-only file system")) {
            return Errno.ROFS;
        }
        if (reason.contains("cross-device")) {
            return Errno.XDEV;
        }
        if (reason.contains("File name too long")) {
            return Errno.NAMETOOLONG;
        }
        return Errno.IO;
    }

    private static long address(int pointer) {
        return Integer.toUnsignedLong(pointer);
    }

    // ---------------------------------------------------------------- args, environment, clocks, random

    private List<String> environment() {
        return config.env().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    }

    private static int writeSizes(GuestMemory memory, List<String> strings, int countPointer, int sizePointer) {
        long size = 0;
        for (String string : strings) {
            size += string.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        memory.writeInt(address(countPointer), strings.size());
        memory.writeInt(address(sizePointer), (int) size);
        return Errno.SUCCESS;
    }

    private static int writeStrings(GuestMemory memory, List<String> strings, int pointers, int buffer) {
        long pointer = address(pointers);
        long position = address(buffer);
        for (String string : strings) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            memory.writeInt(pointer, (int) position);
            memory.write(position, bytes);
            memory.writeByte(position + bytes.length, (byte) 0);
            pointer += 4;
            position += bytes.length + 1;
        }
        return Errno.SUCCESS;
    }

    private static int clockResolution(GuestMemory memory, int clock, int result) throws WasiException {
        long resolution = switch (clock) {
            case 0 -> 1_000L;
            case 1, 2, 3 -> 1L;
            default -> throw new WasiException(Errno.INVAL);
        };
        memory.writeLong(address(result), resolution);
        return Errno.SUCCESS;
    }

    private static int clockTime(GuestMemory memory, int clock, int result) throws WasiException {
        long nanos = switch (clock) {
            case 0 -> {
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case 1 -> System.nanoTime() & Long.MAX_VALUE;
            case 2, 3 ->
                THREADS.isCurrentThreadCpuTimeSupported()
                        ? THREADS.getCurrentThreadCpuTime()
                        : System.nanoTime() & Long.MAX_VALUE;
            default -> throw new WasiException(Errno.INVAL);
        };
        memory.writeLong(address(result), nanos);
        return Errno.SUCCESS;
    }

    private static int random(GuestMemory memory, int buffer, int length) {
        long remaining = Integer.toUnsignedLong(length);
        long position = address(buffer);
        byte[] chunk = new byte[(int) Math.min(remaining, 65_536)];
        while (remaining > 0) {
            int n = (int) Math.min(remaining, chunk.length);
            byte[] bytes = n == chunk.length ? chunk : new byte[n];
            RANDOM.nextBytes(bytes);
            memory.write(position, bytes);
            position += n;
            remaining -= n;
        }
        return Errno.SUCCESS;
    }

    // ---------------------------------------------------------------- descriptors

    private int fdstat(WasiState state, GuestMemory memory, int fd, int result) throws WasiException {
        Descriptor descriptor = state.get(fd);
        int type;
        int flags = 0;
        long base;
        long inheriting = 0;
        if (descriptor instanceof Descriptor.Directory directory) {
            type = FILETYPE_DIRECTORY;
            base = directory.readOnly ? READ_ONLY_RIGHTS : ALL_RIGHTS;
            inheriting = base;
        } else if (descriptor instanceof Descriptor.File file) {
            type = FILETYPE_REGULAR_FILE;
            flags = file.append() ? FDFLAGS_APPEND : 0;
            base = (file.readable() ? READ_ONLY_RIGHTS : 0)
                    | (file.writable() ? WRITE_RIGHTS | RIGHT_FD_SYNC | RIGHT_FD_FILESTAT_SET_TIMES : 0)
                    | RIGHT_FD_SEEK
                    | RIGHT_FD_TELL
                    | RIGHT_FD_FILESTAT_GET;
        } else {
            type = FILETYPE_CHARACTER_DEVICE;
            base = (descriptor instanceof Descriptor.Stdin ? RIGHT_FD_READ : RIGHT_FD_WRITE) | RIGHT_POLL_FD_READWRITE;
        }
        long at = address(result);
        memory.write(at, new byte[24]);
        memory.writeByte(at, (byte) type);
        memory.writeShort(at + 2, (short) flags);
        memory.writeLong(at + 8, base);
        memory.writeLong(at + 16, inheriting);
        return Errno.SUCCESS;
    }

    private static int setFlags(WasiState state, int fd, int flags) throws WasiException {
        Descriptor descriptor = state.get(fd);
        boolean append = (flags & FDFLAGS_APPEND) != 0;
        boolean current = descriptor instanceof Descriptor.File file && file.append();
        return append == current ? Errno.SUCCESS : Errno.NOTSUP;
    }

    private static int prestat(WasiState state, GuestMemory memory, int fd, int result) throws WasiException {
        Descriptor.Directory directory = preopen(state, fd);
        long at = address(result);
        memory.writeInt(at, 0);
        memory.writeInt(at + 4, directory.preopen.getBytes(StandardCharsets.UTF_8).length);
        return Errno.SUCCESS;
    }

    private static int prestatName(WasiState state, GuestMemory memory, int fd, int buffer, int length)
            throws WasiException {
        byte[] name = preopen(state, fd).preopen.getBytes(StandardCharsets.UTF_8);
        if (Integer.toUnsignedLong(length) < name.length) {
            return Errno.NAMETOOLONG;
        }
        memory.write(address(buffer), name);
        return Errno.SUCCESS;
    }

    private static Descriptor.Directory preopen(WasiState state, int fd) throws WasiException {
        Descriptor descriptor = state.get(fd);
        if (!(descriptor instanceof Descriptor.Directory directory) || directory.preopen == null) {
            throw new WasiException(Errno.BADF);
        }
        return directory;
    }

    // ---------------------------------------------------------------- reading and writing

    private int read(WasiState state, GuestMemory memory, int fd, int iovs, int count, long offset, int result)
            throws WasiException, IOException {
        Descriptor descriptor = state.get(fd);
        if (descriptor instanceof Descriptor.Stdin) {
            memory.writeInt(address(result), 0);
            return Errno.SUCCESS;
        }
        if (descriptor instanceof Descriptor.Directory) {
            return Errno.ISDIR;
        }
        if (!(descriptor instanceof Descriptor.File file) || !file.readable()) {
            return Errno.BADF;
        }
        long total = 0;
        long position = offset;
        reading:
        for (long[] iov : iovecs(memory, iovs, count)) {
            long filled = 0;
            while (filled < iov[1]) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(iov[1] - filled, CHUNK));
                int n = position < 0 ? file.channel().read(buffer) : readAt(file.channel(), buffer, position);
                if (n <= 0) {
                    break reading;
                }
                memory.write(iov[0] + filled, Arrays.copyOf(buffer.array(), n));
                filled += n;
                total += n;
                if (position >= 0) {
                    position += n;
                }
                if (n < buffer.capacity()) {
                    break reading;
                }
            }
        }
        memory.writeInt(address(result), (int) total);
        return Errno.SUCCESS;
    }

    private int write(WasiState state, GuestMemory memory, int fd, int iovs, int count, long offset, int result)
            throws WasiException, IOException {
        Descriptor descriptor = state.get(fd);
        List<long[]> vectors = iovecs(memory, iovs, count);
        long total = 0;
        if (descriptor instanceof Descriptor.Output output) {
            for (long[] iov : vectors) {
                long passed = Math.min(iov[1], output.stream().room());
                output.stream().write(memory.read(iov[0], (int) passed));
                output.stream().drop(iov[1] - passed);
                total += iov[1];
            }
            memory.writeInt(address(result), (int) total);
            return Errno.SUCCESS;
        }
        if (descriptor instanceof Descriptor.Directory) {
            return Errno.ISDIR;
        }
        if (!(descriptor instanceof Descriptor.File file) || !file.writable()) {
            return Errno.BADF;
        }
        SeekableByteChannel channel = file.channel();
        long position = offset >= 0 ? offset : file.append() ? channel.size() : channel.position();
        for (long[] iov : vectors) {
            total += iov[1];
        }
        if (position + total > config.maxFileBytes()) {
            return Errno.FBIG;
        }
        long at = position;
        for (long[] iov : vectors) {
            for (long done = 0; done < iov[1]; ) {
                ByteBuffer buffer = ByteBuffer.wrap(memory.read(iov[0] + done, (int) Math.min(iov[1] - done, CHUNK)));
                done += buffer.remaining();
                while (buffer.hasRemaining()) {
                    at += offset >= 0 ? writeAt(channel, buffer, at) : channel.write(buffer);
                }
            }
        }
        memory.writeInt(address(result), (int) total);
        return Errno.SUCCESS;
    }

    /** The (address, length) pairs of an iovec array, each checked to lie inside guest memory. */
    private static List<long[]> iovecs(GuestMemory memory, int iovs, int count) throws WasiException {
        long n = Integer.toUnsignedLong(count);
        if (n > MAX_IOVECS) {
            throw new WasiException(Errno.INVAL);
        }
        List<long[]> vectors = new ArrayList<>((int) n);
        long total = 0;
        for (long i = 0; i < n; i++) {
            long at = address(iovs) + i * 8;
            long buffer = Integer.toUnsignedLong(memory.readInt(at));
            long length = Integer.toUnsignedLong(memory.readInt(at + 4));
            if (!memory.contains(buffer, length)) {
                throw new WasiException(Errno.FAULT);
            }
            total += length;
            if (total > Integer.MAX_VALUE) {
                throw new WasiException(Errno.INVAL);
            }
            vectors.add(new long[] {buffer, length});
        }
        return vectors;
    }

    private static int readAt(SeekableByteChannel channel, ByteBuffer buffer, long position) throws IOException {
        if (channel instanceof FileChannel file) {
            return file.read(buffer, position);
        }
        long saved = channel.position();
        try {
            return channel.position(position).read(buffer);
        } finally {
            channel.position(saved);
        }
    }

    private static int writeAt(SeekableByteChannel channel, ByteBuffer buffer, long position) throws IOException {
        if (channel instanceof FileChannel file) {
            return file.write(buffer, position);
        }
        long saved = channel.position();
        try {
            return channel.position(position).write(buffer);
        } finally {
            channel.position(saved);
        }
    }

    private static int seek(WasiState state, GuestMemory memory, int fd, long offset, int whence, int result)
            throws WasiException, IOException {
        Descriptor descriptor = state.get(fd);
        if (!(descriptor instanceof Descriptor.File file)) {
            return descriptor instanceof Descriptor.Directory ? Errno.BADF : Errno.SPIPE;
        }
        SeekableByteChannel channel = file.channel();
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> channel.position();
            case 2 -> channel.size();
            default -> throw new WasiException(Errno.INVAL);
        };
        long target = base + offset;
        if (target < 0) {
            return Errno.INVAL;
        }
        channel.position(target);
        memory.writeLong(address(result), target);
        return Errno.SUCCESS;
    }

    private int allocate(WasiState state, int fd, long offset, long length) throws WasiException, IOException {
        Descriptor.File file = writableFile(state, fd);
        if (offset < 0 || length < 0) {
            return Errno.INVAL;
        }
        long end = offset + length;
        if (end > config.maxFileBytes()) {
            return Errno.FBIG;
        }
        if (end > file.channel().size()) {
            writeAt(file.channel(), ByteBuffer.wrap(new byte[1]), end - 1);
        }
        return Errno.SUCCESS;
    }

    private int setSize(WasiState state, int fd, long size) throws WasiException, IOException {
        Descriptor.File file = writableFile(state, fd);
        if (size < 0) {
            return Errno.INVAL;
        }
        if (size > config.maxFileBytes()) {
            return Errno.FBIG;
        }
        SeekableByteChannel channel = file.channel();
        if (size < channel.size()) {
            channel.truncate(size);
        } else if (size > channel.size()) {
            writeAt(channel, ByteBuffer.wrap(new byte[1]), size - 1);
        }
        return Errno.SUCCESS;
    }

    private static int sync(WasiState state, int fd, boolean metadata) throws WasiException, IOException {
        Descriptor descriptor = state.get(fd);
        if (descriptor instanceof Descriptor.File file
                && file.channel() instanceof FileChannel channel
                && file.writable()) {
            channel.force(metadata);
        }
        return Errno.SUCCESS;
    }

    private static Descriptor.File writableFile(WasiState state, int fd) throws WasiException {
        Descriptor.File file = state.get(fd, Descriptor.File.class, Errno.BADF);
        if (!file.writable()) {
            throw new WasiException(Errno.BADF);
        }
        return file;
    }

    // ---------------------------------------------------------------- paths

    /**
     * Resolves a guest path relative to a directory descriptor: never absolute, {@code ..} never
     * above the preopen, and for a change ({@code write}) never in a read-only preopen.
     */
    private static FileAccess resolve(
            WasiState state, GuestMemory memory, int fd, int pathPointer, int pathLength, boolean write)
            throws WasiException {
        Descriptor.Directory directory = state.get(fd, Descriptor.Directory.class, Errno.NOTDIR);
        if (write && directory.readOnly) {
            throw new WasiException(Errno.NOTCAPABLE);
        }
        String path = pathString(memory, pathPointer, pathLength);
        return resolve(directory, path);
    }

    private static FileAccess resolve(Descriptor.Directory directory, String path) throws WasiException {
        if (path.isEmpty() || path.indexOf('\0') >= 0) {
            throw new WasiException(path.isEmpty() ? Errno.NOENT : Errno.INVAL);
        }
        if (path.startsWith("/")) {
            throw new WasiException(Errno.NOTCAPABLE);
        }
        List<String> names = new ArrayList<>(directory.access.names());
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (names.size() <= directory.depth) {
                    throw new WasiException(Errno.NOTCAPABLE);
                }
                names.remove(names.size() - 1);
            } else {
                names.add(segment);
            }
        }
        String anchor = directory.access.anchor().path().toString();
        String display =
                names.isEmpty() ? anchor : (anchor.endsWith("/") ? anchor : anchor + "/") + String.join("/", names);
        return new FileAccess(directory.access.anchor(), names, display);
    }

    private static String pathString(GuestMemory memory, int pointer, int length) throws WasiException {
        long n = Integer.toUnsignedLong(length);
        if (n > MAX_PATH_BYTES) {
            throw new WasiException(Errno.NAMETOOLONG);
        }
        byte[] bytes = memory.read(address(pointer), (int) n);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WasiException(Errno.ILSEQ);
        }
    }

    private int open(
            WasiState state,
            GuestMemory memory,
            int fd,
            int pathPointer,
            int pathLength,
            int oflags,
            long rights,
            int fdflags,
            int result)
            throws WasiException, IOException {
        Descriptor.Directory directory = state.get(fd, Descriptor.Directory.class, Errno.NOTDIR);
        boolean append = (fdflags & FDFLAGS_APPEND) != 0;
        boolean write = (rights & WRITE_RIGHTS) != 0 || (oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) != 0 || append;
        if (write && directory.readOnly) {
            return Errno.NOTCAPABLE;
        }
        FileAccess access = resolve(directory, pathString(memory, pathPointer, pathLength));
        BasicFileAttributes existing =
                access.names().isEmpty() ? ConfinedFiles.attributes(access) : attributesOrNull(access);
        if ((oflags & OFLAGS_DIRECTORY) != 0 || existing != null && existing.isDirectory() && !write) {
            if (existing == null) {
                return Errno.NOENT;
            }
            if (existing.isSymbolicLink()) {
                return Errno.LOOP;
            }
            if (!existing.isDirectory()) {
                return Errno.NOTDIR;
            }
            ConfinedFiles.requireDirectory(access);
            int opened = state.add(new Descriptor.Directory(access, directory.depth, directory.readOnly, null));
            memory.writeInt(address(result), opened);
            return Errno.SUCCESS;
        }
        boolean readable = (rights & RIGHT_FD_READ) != 0 || (rights & WRITE_RIGHTS) == 0;
        boolean writable = (rights & WRITE_RIGHTS) != 0 || (oflags & OFLAGS_TRUNC) != 0;
        Set<OpenOption> options = new HashSet<>();
        if (readable && !append) {
            options.add(StandardOpenOption.READ);
        }
        if (writable || append) {
            options.add(StandardOpenOption.WRITE);
        }
        if (append) {
            options.add(StandardOpenOption.APPEND);
        }
        if ((oflags & OFLAGS_CREAT) != 0) {
            options.add((oflags & OFLAGS_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((oflags & OFLAGS_TRUNC) != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (options.isEmpty()) {
            options.add(StandardOpenOption.READ);
        }
        SeekableByteChannel channel = ConfinedFiles.open(access, options);
        int opened = state.add(new Descriptor.File(
                access, channel, options.contains(StandardOpenOption.READ), writable || append, append));
        memory.writeInt(address(result), opened);
        return Errno.SUCCESS;
    }

    private static BasicFileAttributes attributesOrNull(FileAccess access) throws IOException {
        try {
            return ConfinedFiles.attributes(access);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static int readLink(
            WasiState state,
            GuestMemory memory,
            int fd,
            int pathPointer,
            int pathLength,
            int buffer,
            int length,
            int result)
            throws WasiException, IOException {
        FileAccess access = resolve(state, memory, fd, pathPointer, pathLength, false);
        byte[] text = ConfinedFiles.readLink(access).getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(text.length, Integer.toUnsignedLong(length));
        memory.write(address(buffer), Arrays.copyOf(text, n));
        memory.writeInt(address(result), n);
        return Errno.SUCCESS;
    }

    private static int readdir(
            WasiState state, GuestMemory memory, int fd, int buffer, int length, long cookie, int result)
            throws WasiException, IOException {
        Descriptor.Directory directory = state.get(fd, Descriptor.Directory.class, Errno.NOTDIR);
        if (cookie == 0 || directory.listing == null) {
            directory.listing = ConfinedFiles.list(directory.access);
        }
        List<ConfinedFiles.Entry> entries = directory.listing;
        long capacity = Integer.toUnsignedLong(length);
        long at = address(buffer);
        long used = 0;
        for (long index = Math.max(0, cookie); index < entries.size() + 2L && used < capacity; index++) {
            String name = index == 0
                    ? "."
                    : index == 1 ? ".." : entries.get((int) index - 2).name();
            int type = index < 2
                    ? FILETYPE_DIRECTORY
                    : fileType(entries.get((int) index - 2).attributes());
            long inode = index < 2 ? 0 : inode(entries.get((int) index - 2).attributes());
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer entry = ByteBuffer.allocate(24 + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            entry.putLong(index + 1)
                    .putLong(inode)
                    .putInt(nameBytes.length)
                    .put((byte) type)
                    .put(new byte[3])
                    .put(nameBytes);
            int n = (int) Math.min(entry.capacity(), capacity - used);
            memory.write(at + used, Arrays.copyOf(entry.array(), n));
            used += n;
        }
        memory.writeInt(address(result), (int) used);
        return Errno.SUCCESS;
    }

    private static int fileType(BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return FILETYPE_REGULAR_FILE;
        }
        if (attributes.isDirectory()) {
            return FILETYPE_DIRECTORY;
        }
        if (attributes.isSymbolicLink()) {
            return FILETYPE_SYMBOLIC_LINK;
        }
        return FILETYPE_UNKNOWN;
    }

    private static long inode(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key == null ? 0 : Integer.toUnsignedLong(key.hashCode());
    }

    private static int fdFilestat(WasiState state, GuestMemory memory, int fd, int result)
            throws WasiException, IOException {
        Descriptor descriptor = state.get(fd);
        if (descriptor instanceof Descriptor.File file) {
            writeFilestat(
                    memory,
                    result,
                    ConfinedFiles.attributes(file.access()),
                    file.channel().size());
        } else if (descriptor instanceof Descriptor.Directory directory) {
            writeFilestat(memory, result, ConfinedFiles.attributes(directory.access), -1);
        } else {
            long at = address(result);
            memory.write(at, new byte[64]);
            memory.writeByte(at + 16, (byte) FILETYPE_CHARACTER_DEVICE);
            memory.writeLong(at + 24, 1);
        }
        return Errno.SUCCESS;
    }

    private static void writeFilestat(GuestMemory memory, int result, BasicFileAttributes attributes, long size) {
        long at = address(result);
        memory.write(at, new byte[64]);
        memory.writeLong(at + 8, inode(attributes));
        memory.writeByte(at + 16, (byte) fileType(attributes));
        memory.writeLong(at + 24, 1);
        memory.writeLong(at + 32, size >= 0 ? size : attributes.size());
        memory.writeLong(at + 40, nanos(attributes.lastAccessTime()));
        memory.writeLong(at + 48, nanos(attributes.lastModifiedTime()));
        memory.writeLong(at + 56, nanos(attributes.creationTime()));
    }

    private static long nanos(FileTime time) {
        long nanos = time.to(TimeUnit.NANOSECONDS);
        return Math.max(0, nanos);
    }

    private static FileAccess fileOrDirectoryAccess(WasiState state, int fd, boolean write) throws WasiException {
        Descriptor descriptor = state.get(fd);
        if (descriptor instanceof Descriptor.File file) {
            if (write && !file.writable()) {
                throw new WasiException(Errno.BADF);
            }
            return file.access();
        }
        if (descriptor instanceof Descriptor.Directory directory) {
            if (write && directory.readOnly) {
                throw new WasiException(Errno.NOTCAPABLE);
            }
            return directory.access;
        }
        throw new WasiException(Errno.BADF);
    }

    private static int setTimes(FileAccess access, long accessed, long modified, int flags) throws IOException {
        FileTime now = FileTime.from(Instant.now());
        FileTime atime =
                (flags & 2) != 0 ? now : (flags & 1) != 0 ? FileTime.from(accessed, TimeUnit.NANOSECONDS) : null;
        FileTime mtime =
                (flags & 8) != 0 ? now : (flags & 4) != 0 ? FileTime.from(modified, TimeUnit.NANOSECONDS) : null;
        if ((flags & 3) == 3 || (flags & 12) == 12) {
            return Errno.INVAL;
        }
        ConfinedFiles.setTimes(access, mtime, atime);
        return Errno.SUCCESS;
    }

    // ---------------------------------------------------------------- poll_oneoff

    /**
     * Waits for the first subscription to fire. Files and standard streams are always ready;
     * a clock fires at its timeout. The wait never outlasts the call: when the deadline comes
     * first, the call ends with a timeout.
     */
    private static int poll(HostCall call, WasiState state, GuestMemory memory, int in, int out, int count, int result)
            throws WasiException {
        long n = Integer.toUnsignedLong(count);
        if (n == 0 || n > MAX_SUBSCRIPTIONS) {
            return Errno.INVAL;
        }
        List<long[]> events = new ArrayList<>(); // userdata, errno, type, nbytes
        long earliest = Long.MAX_VALUE;
        List<long[]> clocks = new ArrayList<>(); // userdata, deadline (System.nanoTime)
        long now = System.nanoTime();
        for (long i = 0; i < n; i++) {
            long at = address(in) + i * 48;
            long userdata = memory.readLong(at);
            int tag = memory.readByte(at + 8) & 0xFF;
            if (tag == 0) {
                int clock = memory.readInt(at + 16);
                long timeout = memory.readLong(at + 24);
                boolean absolute = (memory.readShort(at + 40) & 1) != 0;
                long wait;
                if (clock == 0 && absolute) {
                    Instant current = Instant.now();
                    wait = timeout - (current.getEpochSecond() * 1_000_000_000L + current.getNano());
                } else if (clock == 1 && absolute) {
                    wait = timeout - (now & Long.MAX_VALUE);
                } else if (clock >= 0 && clock <= 3) {
                    wait = timeout;
                } else {
                    events.add(new long[] {userdata, Errno.INVAL, 0, 0});
                    continue;
                }
                long deadline = now + Math.max(0, Math.min(wait, Long.MAX_VALUE / 4));
                clocks.add(new long[] {userdata, deadline});
                earliest = Math.min(earliest, deadline);
            } else if (tag == 1 || tag == 2) {
                int fd = memory.readInt(at + 16);
                Descriptor descriptor;
                try {
                    descriptor = state.get(fd);
                } catch (WasiException e) {
                    events.add(new long[] {userdata, Errno.BADF, tag, 0});
                    continue;
                }
                long ready = 0;
                if (tag == 1 && descriptor instanceof Descriptor.File file) {
                    try {
                        ready = Math.max(
                                0, file.channel().size() - file.channel().position());
                    } catch (IOException e) {
                        events.add(new long[] {userdata, Errno.IO, tag, 0});
                        continue;
                    }
                }
                events.add(new long[] {userdata, Errno.SUCCESS, tag, ready});
            } else {
                events.add(new long[] {userdata, Errno.INVAL, 0, 0});
            }
        }
        if (events.isEmpty()) {
            long callEnds = System.nanoTime() + call.remaining().toNanos();
            long until = Math.min(earliest, callEnds);
            long wait;
            while ((wait = until - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (earliest - callEnds > 0) {
                throw call.timeout();
            }
            long fired = System.nanoTime();
            for (long[] clock : clocks) {
                if (clock[1] - fired <= 0) {
                    events.add(new long[] {clock[0], Errno.SUCCESS, 0, 0});
                }
            }
        }
        long at = address(out);
        for (long[] event : events) {
            memory.write(at, new byte[32]);
            memory.writeLong(at, event[0]);
            memory.writeShort(at + 8, (short) event[1]);
            memory.writeByte(at + 10, (byte) event[2]);
            memory.writeLong(at + 16, event[3]);
            at += 32;
        }
        memory.writeInt(address(result), events.size());
        return Errno.SUCCESS;
    }
}
