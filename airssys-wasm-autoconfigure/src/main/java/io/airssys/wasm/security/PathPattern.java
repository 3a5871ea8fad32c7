package io.airssys.wasm.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An absolute path pattern: {@code *} matches within one path segment (so {@code *.txt} or a
 * whole segment), {@code **} matches any number of segments, zero included. Patterns are
 * written normalized: no {@code .} or {@code ..} segments, no empty segments.
 */
public final class PathPattern {

    private final String text;
    private final List<String> segments;

    private PathPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * @throws IllegalArgumentException if the pattern is relative or not normalized
     */
    public static PathPattern parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new IllegalArgumentException("path pattern '" + text + "' must be absolute (start with '/')");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path pattern must not contain NUL");
        }
        List<String> segments = text.equals("/") ? List.of() : Arrays.asList(text.substring(1).split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path pattern '" + text
                        + "' must be normalized: no empty, '.' or '..' segments");
            }
            if (segment.contains("**") && !segment.equals("**")) {
                throw new IllegalArgumentException("path pattern '" + text + "': '**' must be a whole segment");
            }
        }
        return new PathPattern(text, List.copyOf(segments));
    }

    /** Whether a normalized absolute path (as segments) is matched. */
    boolean matches(List<String> path) {
        return match(segments, 0, path, 0, false);
    }

    /**
     * Whether every path this {@code request} pattern matches is also matched by this pattern:
     * a grant of {@code /data/**} covers a request for {@code /data/in/*}, a grant of
     * {@code /data/*} does not cover {@code /data/**}.
     */
    public boolean covers(PathPattern request) {
        return match(segments, 0, request.segments, 0, true);
    }

    private static boolean match(List<String> pattern, int p, List<String> path, int s, boolean patternInput) {
        if (p == pattern.size()) {
            return s == path.size();
        }
        String segment = pattern.get(p);
        if (segment.equals("**")) {
            for (int skip = s; skip <= path.size(); skip++) {
                if (match(pattern, p + 1, path, skip, patternInput)) {
                    return true;
                }
            }
            return false;
        }
        if (s == path.size()) {
            return false;
        }
        String candidate = path.get(s);
        if (patternInput && candidate.equals("**")) {
            return false; // only '**' covers '**'
        }
        if (patternInput && candidate.contains("*") && !segment.contains("*")) {
            return false; // a literal segment cannot cover a wildcard one
        }
        return globMatches(segment, candidate) && match(pattern, p + 1, path, s + 1, patternInput);
    }

    static boolean globMatches(String glob, String value) {
        if (!glob.contains("*")) {
            return glob.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), value);
    }

    /**
     * The directory whose whole subtree this pattern matches: {@code /data} for {@code /data/**}
     * or for a plain {@code /data}; empty when the pattern picks files by wildcard.
     */
    public java.util.Optional<String> subtreeRoot() {
        List<String> prefix = literalPrefix();
        boolean plain = prefix.size() == segments.size();
        boolean wholeSubtree = prefix.size() == segments.size() - 1 && segments.get(segments.size() - 1).equals("**");
        return plain || wholeSubtree ? java.util.Optional.of("/" + String.join("/", prefix)) : java.util.Optional.empty();
    }

    /** The segments before the first wildcard: the directory the pattern is rooted in. */
    List<String> literalPrefix() {
        List<String> prefix = new ArrayList<>();
        for (String segment : segments) {
            if (segment.contains("*")) {
                break;
            }
            prefix.add(segment);
        }
        return prefix;
    }

    PathPattern withPrefix(List<String> newPrefix) {
        List<String> rest = segments.subList(literalPrefix().size(), segments.size());
        List<String> all = new ArrayList<>(newPrefix);
        all.addAll(rest);
        return new PathPattern("/" + String.join("/", all), List.copyOf(all));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
