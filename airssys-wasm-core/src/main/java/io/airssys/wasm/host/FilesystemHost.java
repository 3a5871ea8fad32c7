package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.EnumValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.host.fs.ConfinedFiles;
import io.airssys.wasm.host.fs.ConfinementException;
import io.airssys.wasm.security.CapabilityDeniedException;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.FileAccess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code airssys:filesystem/filesystem}: file access checked path by path by the
 * {@link CapabilityEnforcer}. A denied or failed operation returns the interface's
 * {@code fs-error} to the guest, it does not trap. Each operation is done by {@link ConfinedFiles}
 * as one walk from the grant's anchor that never follows a symbolic link, so a link or a renamed
 * directory swapped in by a concurrent call cannot redirect it outside the grant. Reads and
 * written files are capped in size.
 */
public final class FilesystemHost {

    private final CapabilityEnforcer enforcer;
    private final long maxReadBytes;
    private final long maxFileBytes;

    /**
     * @param maxReadBytes largest file {@code read-file} returns; larger ones get {@code too-large}
     * @param maxFileBytes largest file {@code write-file} and {@code append-file} may leave behind
     */
    public FilesystemHost(CapabilityEnforcer enforcer, long maxReadBytes, long maxFileBytes) {
        this.enforcer = enforcer;
        this.maxReadBytes = maxReadBytes;
        this.maxFileBytes = maxFileBytes;
    }

    public List<HostFunction> functions(String componentId) {
        return WitHostFunctions.forInterface(
                BundledWit.interfaceOf("filesystem", "filesystem"), implementations(componentId));
    }

    Map<String, WitHostFunctions.Implementation> implementations(String component) {
        return Map.of(
                "read-file", args -> guarded(() -> readFile(enforcer.checkRead(component, path(args)))),
                "write-file",
                        args -> guarded(() -> write(enforcer.checkWrite(component, path(args)), args.get(1), false)),
                "append-file",
                        args -> guarded(() -> write(enforcer.checkWrite(component, path(args)), args.get(1), true)),
                "list-directory", args -> guarded(() -> list(enforcer.checkRead(component, path(args)))),
                "stat",
                        args -> guarded(() -> {
                            FileAccess access = enforcer.checkRead(component, path(args));
                            return WitValues.ok(entry(displayName(access), ConfinedFiles.attributes(access)));
                        }),
                "create-directory",
                        args -> guarded(() -> {
                            ConfinedFiles.createDirectory(enforcer.checkWrite(component, path(args)));
                            return WitValues.UNIT_OK;
                        }),
                "remove",
                        args -> guarded(() -> {
                            ConfinedFiles.delete(enforcer.checkWrite(component, path(args)));
                            return WitValues.UNIT_OK;
                        }));
    }

    private WitValue readFile(FileAccess access) throws IOException {
        if (!access.names().isEmpty() && ConfinedFiles.attributes(access).isDirectory()) {
            return WitValues.err("is-directory", access.path());
        }
        try (SeekableByteChannel channel = ConfinedFiles.open(access, Set.of(StandardOpenOption.READ))) {
            long size = channel.size();
            if (size > maxReadBytes) {
                return WitValues.err("too-large", size);
            }
            // read up to the size at open: a file that grows meanwhile cannot push the read past the cap
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            int read = 0;
            while (buffer.hasRemaining() && read >= 0) {
                read = channel.read(buffer);
            }
            byte[] bytes =
                    buffer.position() == size ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
            return WitValues.ok(new BytesValue(bytes));
        }
    }

    private WitValue write(FileAccess access, WitValue contents, boolean append) throws IOException {
        byte[] bytes = ((BytesValue) contents).value();
        Set<StandardOpenOption> options = append
                ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        if (!append && bytes.length > maxFileBytes) {
            return WitValues.err("too-large", bytes.length);
        }
        try (SeekableByteChannel channel = ConfinedFiles.open(access, options)) {
            if (append && channel.size() + bytes.length > maxFileBytes) {
                return WitValues.err("too-large", channel.size() + bytes.length);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        return WitValues.UNIT_OK;
    }

    private static WitValue list(FileAccess access) throws IOException {
        List<WitValue> entries = new ArrayList<>();
        for (ConfinedFiles.Entry entry : ConfinedFiles.list(access)) {
            entries.add(entry(entry.name(), entry.attributes()));
        }
        return WitValues.ok(new ListValue(entries));
    }

    private static String displayName(FileAccess access) {
        String path = access.path();
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    private static WitValue entry(String name, BasicFileAttributes attributes) {
        String kind = attributes.isRegularFile()
                ? "file"
                : attributes.isDirectory() ? "directory" : attributes.isSymbolicLink() ? "symlink" : "other";
        Map<String, WitValue> fields = new LinkedHashMap<>();
        fields.put("name", new StringValue(name));
        fields.put("kind", new EnumValue(kind));
        fields.put("size", WitValues.u64(attributes.size()));
        fields.put(
                "modified-millis",
                WitValues.u64(Math.max(0, attributes.lastModifiedTime().toMillis())));
        return new RecordValue(fields);
    }

    private static String path(List<WitValue> args) {
        return WitValues.string(args.get(0));
    }

    private interface FileOperation {
        WitValue run() throws IOException;
    }

    private static WitValue guarded(FileOperation operation) {
        try {
            return operation.run();
        } catch (CapabilityDeniedException e) {
            return WitValues.err("permission-denied", e.getMessage());
        } catch (ConfinementException e) {
            return WitValues.err("permission-denied", e.getFile() + ": " + e.getReason());
        } catch (NoSuchFileException e) {
            return WitValues.err("not-found", e.getFile());
        } catch (FileAlreadyExistsException e) {
            return WitValues.err("already-exists", e.getFile());
        } catch (NotDirectoryException e) {
            return WitValues.err("not-directory", e.getFile());
        } catch (AccessDeniedException e) {
            return WitValues.err("permission-denied", "the host may not access " + e.getFile());
        } catch (DirectoryNotEmptyException e) {
            return WitValues.err("io", "directory not empty: " + e.getFile());
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return message.contains("Is a directory")
                    ? WitValues.err("is-directory", message)
                    : WitValues.err("io", message);
        }
    }
}
