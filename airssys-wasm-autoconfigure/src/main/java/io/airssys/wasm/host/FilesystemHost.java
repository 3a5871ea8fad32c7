package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.EnumValue;
import io.airssys.wasm.abi.WitValue.ListValue;
import io.airssys.wasm.abi.WitValue.RecordValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.security.CapabilityDeniedException;
import io.airssys.wasm.security.CapabilityEnforcer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code airssys:filesystem/filesystem}: file access checked path by path by the
 * {@link CapabilityEnforcer}. A denied or failed operation returns the interface's
 * {@code fs-error} to the guest, it does not trap. Files are opened without following links,
 * so a link swapped in after the check cannot redirect a write.
 */
public final class FilesystemHost {

    private final CapabilityEnforcer enforcer;
    private final long maxReadBytes;

    /**
     * @param maxReadBytes largest file {@code read-file} returns; larger ones get {@code too-large}
     */
    public FilesystemHost(CapabilityEnforcer enforcer, long maxReadBytes) {
        this.enforcer = enforcer;
        this.maxReadBytes = maxReadBytes;
    }

    public List<HostFunction> functions(String componentId) {
        return WitHostFunctions.forInterface(BundledWit.interfaceOf("filesystem", "filesystem"),
                implementations(componentId));
    }

    Map<String, WitHostFunctions.Implementation> implementations(String component) {
        return Map.of(
                "read-file", args -> guarded(() -> readFile(enforcer.checkRead(component, path(args)))),
                "write-file", args -> guarded(() -> write(enforcer.checkWrite(component, path(args)), args.get(1),
                        StandardOpenOption.TRUNCATE_EXISTING)),
                "append-file", args -> guarded(() -> write(enforcer.checkWrite(component, path(args)), args.get(1),
                        StandardOpenOption.APPEND)),
                "list-directory", args -> guarded(() -> list(enforcer.checkRead(component, path(args)))),
                "stat", args -> guarded(() -> WitValues.ok(entry(enforcer.checkRead(component, path(args))))),
                "create-directory", args -> guarded(() -> {
                    Files.createDirectory(enforcer.checkWrite(component, path(args)));
                    return WitValues.UNIT_OK;
                }),
                "remove", args -> guarded(() -> {
                    Files.delete(enforcer.checkWrite(component, path(args)));
                    return WitValues.UNIT_OK;
                }));
    }

    private WitValue readFile(Path path) throws IOException {
        long size = Files.size(path);
        if (size > maxReadBytes) {
            return WitValues.err("too-large", size);
        }
        if (Files.isDirectory(path)) {
            return WitValues.err("is-directory", path.toString());
        }
        return WitValues.ok(new BytesValue(Files.readAllBytes(path)));
    }

    private static WitValue write(Path path, WitValue contents, OpenOption mode) throws IOException {
        Files.write(path, ((BytesValue) contents).value(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode,
                LinkOption.NOFOLLOW_LINKS);
        return WitValues.UNIT_OK;
    }

    private static WitValue list(Path directory) throws IOException {
        List<WitValue> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.sorted().toList()) {
                entries.add(entry(child));
            }
        }
        return WitValues.ok(new ListValue(entries));
    }

    private static WitValue entry(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String kind = attributes.isRegularFile() ? "file" : attributes.isDirectory() ? "directory"
                : attributes.isSymbolicLink() ? "symlink" : "other";
        Map<String, WitValue> fields = new LinkedHashMap<>();
        fields.put("name", new StringValue(path.getFileName() == null ? "/" : path.getFileName().toString()));
        fields.put("kind", new EnumValue(kind));
        fields.put("size", WitValues.u64(attributes.size()));
        fields.put("modified-millis", WitValues.u64(attributes.lastModifiedTime().toMillis()));
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
            return message.contains("Is a directory") ? WitValues.err("is-directory", message) : WitValues.err("io", message);
        }
    }
}
