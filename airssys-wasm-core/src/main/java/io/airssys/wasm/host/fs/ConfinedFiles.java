package io.airssys.wasm.host.fs;

import io.airssys.wasm.security.FileAccess;
import io.airssys.wasm.security.GrantAnchor;
import java.io.File;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * File operations confined beneath a {@link GrantAnchor}, each done as one walk that never
 * follows a symbolic link: the anchor is opened, checked against its pinned identity, and every
 * name below it is opened relative to the directory before it with {@code O_NOFOLLOW}
 * ({@link SecureDirectoryStream}, as on Linux and macOS). A link, a special file or a swapped
 * anchor met anywhere on the way fails the operation with a {@link ConfinementException}, so a
 * guest that renames directories and plants links between a check and a use gains nothing:
 * there is no separate check to race. On file systems without secure directory streams, each
 * name is checked not to be a link just before it is used, which narrows but cannot close that
 * window; the README says so.
 */
public final class ConfinedFiles {

    /** Most entries a directory listing returns. */
    public static final int MAX_LISTING = 100_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConfinedFiles() {}

    /** A directory entry: its name and attributes (of the entry itself, never of a link's target). */
    public record Entry(String name, BasicFileAttributes attributes) {}

    /**
     * Opens a regular file. {@code options} are those of {@link Files#newByteChannel}; a link or a
     * special file (device, pipe, socket) at the name is refused before it is opened.
     */
    public static SeekableByteChannel open(FileAccess access, Set<? extends OpenOption> options) throws IOException {
        requireName(access, "open");
        try (Dir parent = walkToParent(access)) {
            String name = last(access);
            BasicFileAttributes existing = parent.attributesOrNull(name);
            if (existing != null) {
                refuseLinkOrSpecial(access, existing);
                if (existing.isDirectory()) {
                    throw new ConfinementException(
                            access.path(), ConfinementException.Reason.IS_DIRECTORY, "is a directory");
                }
            }
            Set<OpenOption> all = new HashSet<>(options);
            all.add(LinkOption.NOFOLLOW_LINKS);
            return parent.open(name, all);
        }
    }

    /** The attributes of the entry itself (a link is reported as a link, not followed). */
    public static BasicFileAttributes attributes(FileAccess access) throws IOException {
        if (access.names().isEmpty()) {
            try (Dir anchor = openAnchor(access.anchor())) {
                return anchor.ownAttributes();
            }
        }
        try (Dir parent = walkToParent(access)) {
            BasicFileAttributes attributes = parent.attributesOrNull(last(access));
            if (attributes == null) {
                throw new NoSuchFileException(access.path());
            }
            return attributes;
        }
    }

    /** The entries of a directory, sorted by name, at most {@link #MAX_LISTING}. */
    public static List<Entry> list(FileAccess access) throws IOException {
        try (Dir directory = walk(access.anchor(), access.names(), access.path())) {
            List<String> names = new ArrayList<>();
            Iterator<String> iterator = directory.names();
            while (iterator.hasNext() && names.size() < MAX_LISTING) {
                names.add(iterator.next());
            }
            names.sort(null);
            List<Entry> entries = new ArrayList<>(names.size());
            for (String name : names) {
                BasicFileAttributes attributes = directory.attributesOrNull(name);
                if (attributes != null) {
                    entries.add(new Entry(name, attributes));
                }
            }
            return entries;
        }
    }

    /** Whether the path names a directory that can be walked into (not a link). */
    public static void requireDirectory(FileAccess access) throws IOException {
        walk(access.anchor(), access.names(), access.path()).close();
    }

    /** Creates a directory; its parent must exist. */
    public static void createDirectory(FileAccess access) throws IOException {
        if (access.names().isEmpty()) {
            attributes(access);
            throw new FileAlreadyExistsException(access.path());
        }
        try (Dir parent = walkToParent(access)) {
            String name = last(access);
            if (parent.attributesOrNull(name) != null) {
                throw new FileAlreadyExistsException(access.path());
            }
            if (access.names().size() == 1) {
                // the anchor's own path is fixed, so a directory made by name right in it lands there
                Files.createDirectory(parent.location().resolve(name));
                return;
            }
            // No mkdirat in Java: make the directory in the anchor, then move it by handle into place.
            String staging = ".airssys-mkdir-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
            try (Dir anchor = openAnchor(access.anchor())) {
                Files.createDirectory(anchor.location().resolve(staging));
                try {
                    anchor.move(staging, parent, name);
                } catch (IOException | RuntimeException e) {
                    anchor.delete(staging, true);
                    throw e;
                }
            }
        }
    }

    /** Removes a file, or a directory if it is empty. */
    public static void delete(FileAccess access) throws IOException {
        requireName(access, "remove");
        try (Dir parent = walkToParent(access)) {
            String name = last(access);
            BasicFileAttributes attributes = parent.attributesOrNull(name);
            if (attributes == null) {
                throw new NoSuchFileException(access.path());
            }
            parent.delete(name, attributes.isDirectory());
        }
    }

    /** Removes a file (a link counts as a file: the link is removed, never its target). */
    public static void deleteFile(FileAccess access) throws IOException {
        requireName(access, "remove");
        try (Dir parent = walkToParent(access)) {
            BasicFileAttributes attributes = parent.attributesOrNull(last(access));
            if (attributes != null && attributes.isDirectory()) {
                throw new ConfinementException(
                        access.path(), ConfinementException.Reason.IS_DIRECTORY, "is a directory");
            }
            parent.delete(last(access), false);
        }
    }

    /** Removes an empty directory. */
    public static void deleteDirectory(FileAccess access) throws IOException {
        requireName(access, "remove");
        try (Dir parent = walkToParent(access)) {
            BasicFileAttributes attributes = parent.attributesOrNull(last(access));
            if (attributes != null && !attributes.isDirectory()) {
                throw new NotDirectoryException(access.path());
            }
            parent.delete(last(access), true);
        }
    }

    /** Renames {@code from} to {@code to}, replacing a file there; both must be beneath the same anchor. */
    public static void move(FileAccess from, FileAccess to) throws IOException {
        requireName(from, "rename");
        requireName(to, "replace");
        try (Dir source = walkToParent(from);
                Dir target = walkToParent(to)) {
            BasicFileAttributes moving = source.attributesOrNull(last(from));
            if (moving == null) {
                throw new NoSuchFileException(from.path());
            }
            BasicFileAttributes replaced = target.attributesOrNull(last(to));
            if (replaced != null && replaced.isDirectory()) {
                throw new FileAlreadyExistsException(to.path());
            }
            source.move(last(from), target, last(to));
        }
    }

    /** The text of a symbolic link; it is only read, never followed. */
    public static String readLink(FileAccess access) throws IOException {
        requireName(access, "read");
        try (Dir parent = walkToParent(access)) {
            BasicFileAttributes attributes = parent.attributesOrNull(last(access));
            if (attributes == null) {
                throw new NoSuchFileException(access.path());
            }
            if (!attributes.isSymbolicLink()) {
                throw new ConfinementException(
                        access.path(), ConfinementException.Reason.NOT_A_LINK, "is not a symbolic link");
            }
            return Files.readSymbolicLink(parent.location().resolve(last(access)))
                    .toString();
        }
    }

    /** Sets modification and access times; a null time is left as it is. */
    public static void setTimes(FileAccess access, FileTime modified, FileTime accessed) throws IOException {
        if (access.names().isEmpty()) {
            try (Dir anchor = openAnchor(access.anchor())) {
                anchor.ownView().setTimes(modified, accessed, null);
            }
            return;
        }
        try (Dir parent = walkToParent(access)) {
            BasicFileAttributes attributes = parent.attributesOrNull(last(access));
            if (attributes == null) {
                throw new NoSuchFileException(access.path());
            }
            refuseLinkOrSpecial(access, attributes);
            parent.view(last(access)).setTimes(modified, accessed, null);
        }
    }

    private static void requireName(FileAccess access, String operation) throws ConfinementException {
        if (access.names().isEmpty()) {
            throw new ConfinementException(
                    access.path(),
                    ConfinementException.Reason.GRANTED_DIRECTORY,
                    "is the granted directory itself, which cannot be " + operation + "d");
        }
    }

    private static void refuseLinkOrSpecial(FileAccess access, BasicFileAttributes attributes)
            throws ConfinementException {
        if (attributes.isSymbolicLink()) {
            throw new ConfinementException(
                    access.path(),
                    ConfinementException.Reason.SYMBOLIC_LINK,
                    "is a symbolic link, which is never followed");
        }
        if (attributes.isOther()) {
            throw new ConfinementException(
                    access.path(),
                    ConfinementException.Reason.SPECIAL_FILE,
                    "is a special file (device, pipe or socket)");
        }
    }

    private static String last(FileAccess access) {
        return access.names().get(access.names().size() - 1);
    }

    private static Dir walkToParent(FileAccess access) throws IOException {
        List<String> names = access.names();
        checkName(last(access), access.path());
        return walk(access.anchor(), names.subList(0, names.size() - 1), access.path());
    }

    private static void checkName(String name, String path) throws ConfinementException {
        if (name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0
                || name.indexOf('\\') >= 0 && File.separatorChar == '\\') {
            throw new ConfinementException(
                    path, ConfinementException.Reason.INVALID_NAME, "has an invalid name segment '" + name + "'");
        }
    }

    private static Dir walk(GrantAnchor anchor, List<String> names, String path) throws IOException {
        Dir current = openAnchor(anchor);
        try {
            for (String name : names) {
                checkName(name, path);
                BasicFileAttributes attributes = current.attributesOrNull(name);
                if (attributes == null) {
                    throw new NoSuchFileException(path);
                }
                if (attributes.isSymbolicLink()) {
                    throw new ConfinementException(
                            path,
                            ConfinementException.Reason.SYMBOLIC_LINK,
                            "goes through the symbolic link '" + name + "', which is never followed");
                }
                if (!attributes.isDirectory()) {
                    throw new NotDirectoryException(path);
                }
                Dir next = current.child(name, path);
                current.close();
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    private static Dir openAnchor(GrantAnchor anchor) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(anchor.path());
        Dir dir = stream instanceof SecureDirectoryStream<Path> secure
                ? new SecureDir(secure, anchor.path())
                : new PathDir(stream, anchor.path());
        try {
            if (!anchor.accept(dir.ownAttributes().fileKey())) {
                throw new ConfinementException(
                        anchor.path().toString(),
                        ConfinementException.Reason.ANCHOR_REPLACED,
                        "is no longer the directory granted at first use (it was replaced)");
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** An open directory on the walk. */
    private interface Dir extends AutoCloseable {

        /** Where the directory is, as a path; used only where Java offers no call relative to a handle. */
        Path location();

        Dir child(String name, String path) throws IOException;

        default BasicFileAttributes ownAttributes() throws IOException {
            return ownView().readAttributes();
        }

        BasicFileAttributeView ownView() throws IOException;

        /** The entry's own attributes, or null if there is no such entry. */
        default BasicFileAttributes attributesOrNull(String name) throws IOException {
            try {
                return view(name).readAttributes();
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        BasicFileAttributeView view(String name) throws IOException;

        SeekableByteChannel open(String name, Set<OpenOption> options) throws IOException;

        void delete(String name, boolean directory) throws IOException;

        void move(String name, Dir target, String targetName) throws IOException;

        Iterator<String> names() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** A directory held open by descriptor: every call is relative to it ({@code openat} and friends). */
    private static final class SecureDir implements Dir {
        private final SecureDirectoryStream<Path> stream;
        private final Path location;

        SecureDir(SecureDirectoryStream<Path> stream, Path location) {
            this.stream = stream;
            this.location = location;
        }

        @Override
        public Path location() {
            return location;
        }

        @Override
        public Dir child(String name, String path) throws IOException {
            return new SecureDir(
                    stream.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), location.resolve(name));
        }

        @Override
        public BasicFileAttributeView ownView() {
            return stream.getFileAttributeView(BasicFileAttributeView.class);
        }

        @Override
        public BasicFileAttributeView view(String name) {
            return stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public SeekableByteChannel open(String name, Set<OpenOption> options) throws IOException {
            return stream.newByteChannel(Path.of(name), options);
        }

        @Override
        public void delete(String name, boolean directory) throws IOException {
            if (directory) {
                stream.deleteDirectory(Path.of(name));
            } else {
                stream.deleteFile(Path.of(name));
            }
        }

        @Override
        public void move(String name, Dir target, String targetName) throws IOException {
            stream.move(Path.of(name), ((SecureDir) target).stream, Path.of(targetName));
        }

        @Override
        public Iterator<String> names() {
            Iterator<Path> paths = stream.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return paths.hasNext();
                }

                @Override
                public String next() {
                    return paths.next().getFileName().toString();
                }
            };
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** Fallback where the platform has no secure directory streams: names checked not to be links, then used. */
    private static final class PathDir implements Dir {
        private final DirectoryStream<Path> stream;
        private final Path location;

        PathDir(DirectoryStream<Path> stream, Path location) {
            this.stream = stream;
            this.location = location;
        }

        @Override
        public Path location() {
            return location;
        }

        @Override
        public Dir child(String name, String path) throws IOException {
            Path child = location.resolve(name);
            return new PathDir(Files.newDirectoryStream(child), child);
        }

        @Override
        public BasicFileAttributeView ownView() {
            return Files.getFileAttributeView(location, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public BasicFileAttributeView view(String name) {
            return Files.getFileAttributeView(
                    location.resolve(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public SeekableByteChannel open(String name, Set<OpenOption> options) throws IOException {
            return Files.newByteChannel(location.resolve(name), options);
        }

        @Override
        public void delete(String name, boolean directory) throws IOException {
            Files.delete(location.resolve(name));
        }

        @Override
        public void move(String name, Dir target, String targetName) throws IOException {
            Files.move(
                    location.resolve(name),
                    target.location().resolve(targetName),
                    StandardCopyOption.REPLACE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public Iterator<String> names() throws IOException {
            try (var entries = Files.list(location)) {
                return entries.map(p -> p.getFileName().toString()).toList().iterator();
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
