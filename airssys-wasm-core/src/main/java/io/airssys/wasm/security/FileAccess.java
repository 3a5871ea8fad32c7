package io.airssys.wasm.security;

import java.util.List;

/**
 * An allowed file access: where it is anchored and the names leading to the file from there.
 * The host performs the access by walking {@code names} from the opened anchor without
 * following any symbolic link, so what it touches is exactly what was checked.
 *
 * @param anchor the directory the walk starts from
 * @param names  the path's segments below the anchor; empty for the anchor itself
 * @param path   the path as checked (absolute, normalized), for messages
 */
public record FileAccess(GrantAnchor anchor, List<String> names, String path) {

    public FileAccess {
        names = List.copyOf(names);
    }
}
