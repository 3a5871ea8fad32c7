package io.airssys.wasm;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, ordered by precedence (build metadata ignored), as
 * component versions and WIT package versions are written.
 */
public record SemanticVersion(long major, long minor, long patch, List<String> preRelease, String build)
        implements Comparable<SemanticVersion> {

    private static final String NUMBER = "(0|[1-9]\\d*)";
    private static final String PRE_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final Pattern SYNTAX = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER
            + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    public SemanticVersion {
        preRelease = List.copyOf(preRelease);
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not a semantic version
     */
    public static SemanticVersion parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version (major.minor.patch)");
        }
        try {
            return new SemanticVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4) == null ? List.of() : Arrays.asList(m.group(4).split("\\.")),
                    m.group(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a version number too large");
        }
    }

    public static boolean isValid(String text) {
        return text != null && SYNTAX.matcher(text).matches();
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int result = Long.compare(major, other.major);
        if (result == 0) {
            result = Long.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Long.compare(patch, other.patch);
        }
        if (result != 0) {
            return result;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            String a = preRelease.get(i);
            String b = other.preRelease.get(i);
            boolean aNumeric = a.chars().allMatch(Character::isDigit);
            boolean bNumeric = b.chars().allMatch(Character::isDigit);
            int c = aNumeric && bNumeric ? new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b))
                    : aNumeric ? -1 : bNumeric ? 1 : a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease))
                + (build == null ? "" : "+" + build);
    }
}
