package io.airssys.wasm.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An absolute path pattern: {@code *} matches within one path segment (so {@code *.txt} or a
 * whole segment), {@code **} matches any number of segments, zero included. Patterns are
 * written normalized: no {@code .} or {@code ..} segments, no empty segments.
 */
public final class PathPattern {

    static final int MAX_LENGTH = 4096;
    static final int MAX_SEGMENTS = 128;

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
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "path pattern is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        List<String> segments =
                text.equals("/") ? List.of() : Arrays.asList(text.substring(1).split("/", -1));
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException(
                    "path pattern has " + segments.size() + " segments; at most " + MAX_SEGMENTS + " are allowed");
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "path pattern '" + text + "' must be normalized: no empty, '.' or '..' segments");
            }
            if (segment.contains("**") && !segment.equals("**")) {
                throw new IllegalArgumentException("path pattern '" + text + "': '**' must be a whole segment");
            }
        }
        return new PathPattern(text, List.copyOf(segments));
    }

    /** Whether a normalized absolute path (as segments) is matched. */
    boolean matches(List<String> path) {
        return new Matching(segments, path, false).from(0, 0);
    }

    /**
     * Whether every path this {@code request} pattern matches is also matched by this pattern:
     * a grant of {@code /data/**} covers a request for {@code /data/in/*}, a grant of
     * {@code /data/*} does not cover {@code /data/**}.
     */
    public boolean covers(PathPattern request) {
        return new Matching(segments, request.segments, true).from(0, 0);
    }

    /**
     * One match of pattern segments against path segments. Each (pattern, path) position is
     * decided once, so patterns with many {@code **} cannot make matching take exponential time.
     */
    private static final class Matching {
        private final List<String> pattern;
        private final List<String> path;
        private final boolean patternInput;
        private final byte[] memo; // 0 unknown, 1 no, 2 yes

        Matching(List<String> pattern, List<String> path, boolean patternInput) {
            this.pattern = pattern;
            this.path = path;
            this.patternInput = patternInput;
            this.memo = new byte[(pattern.size() + 1) * (path.size() + 1)];
        }

        boolean from(int p, int s) {
            // iterative over literal segments; recursion only at '**', at most once per (p, s)
            while (true) {
                if (p == pattern.size()) {
                    return s == path.size();
                }
                String segment = pattern.get(p);
                if (segment.equals("**")) {
                    int key = p * (path.size() + 1) + s;
                    if (memo[key] != 0) {
                        return memo[key] == 2;
                    }
                    boolean result = false;
                    for (int skip = s; skip <= path.size() && !result; skip++) {
                        result = from(p + 1, skip);
                    }
                    memo[key] = (byte) (result ? 2 : 1);
                    return result;
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
                if (!globMatches(segment, candidate)) {
                    return false;
                }
                p++;
                s++;
            }
        }
    }

    /**
     * Whether {@code value} matches {@code glob}, where {@code *} stands for any characters.
     * Linear in practice: on a mismatch only the last {@code *} is retried.
     */
    static boolean globMatches(String glob, String value) {
        int g = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = v;
            } else if (g < glob.length() && glob.charAt(g) == value.charAt(v)) {
                g++;
                v++;
            } else if (star >= 0) {
                g = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /**
     * The directory whose whole subtree this pattern matches: {@code /data} for {@code /data/**}
     * or for a plain {@code /data}; empty when the pattern picks files by wildcard.
     */
    public Optional<String> subtreeRoot() {
        List<String> prefix = literalPrefix();
        boolean plain = prefix.size() == segments.size();
        boolean wholeSubtree = prefix.size() == segments.size() - 1
                && segments.get(segments.size() - 1).equals("**");
        return plain || wholeSubtree ? Optional.of("/" + String.join("/", prefix)) : Optional.empty();
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
