package io.airssys.wasm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Semantic Versioning 2.0.0 version, as component versions and WIT package versions are
 * written. Versions are ordered by precedence and equal when their precedence is equal: build
 * metadata ({@code +...}) is kept for display but never distinguishes two versions, so
 * {@code 1.0.0+a} and {@code 1.0.0+b} are the same version.
 */
public record SemanticVersion(long major, long minor, long patch, List<String> preRelease, String build)
        implements Comparable<SemanticVersion> {

    /** Longest version text accepted; a version is a label, not a payload. */
    public static final int MAX_LENGTH = 256;

    public SemanticVersion {
        preRelease = List.copyOf(preRelease);
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not a semantic version of at most
     *                                  {@value #MAX_LENGTH} characters
     */
    public static SemanticVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a version is required (major.minor.patch)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "version is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        int plus = text.indexOf('+');
        String precedence = plus < 0 ? text : text.substring(0, plus);
        String build = plus < 0 ? null : text.substring(plus + 1);
        int dash = precedence.indexOf('-');
        String core = dash < 0 ? precedence : precedence.substring(0, dash);
        String[] numbers = core.split("\\.", -1);
        if (numbers.length != 3) {
            throw invalid(text);
        }
        long[] parsed = new long[3];
        for (int i = 0; i < 3; i++) {
            if (!isNumber(numbers[i])) {
                throw invalid(text);
            }
            try {
                parsed[i] = Long.parseLong(numbers[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a version number too large");
            }
        }
        List<String> preRelease = new ArrayList<>();
        if (dash >= 0) {
            for (String identifier : precedence.substring(dash + 1).split("\\.", -1)) {
                if (!isIdentifier(identifier) || isDigits(identifier) && !isNumber(identifier)) {
                    throw invalid(text);
                }
                preRelease.add(identifier);
            }
        }
        if (build != null) {
            for (String identifier : build.split("\\.", -1)) {
                if (!isIdentifier(identifier)) {
                    throw invalid(text);
                }
            }
        }
        return new SemanticVersion(parsed[0], parsed[1], parsed[2], preRelease, build);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException invalid(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new IllegalArgumentException("'" + shown + "' is not a semantic version (major.minor.patch)");
    }

    /** A numeric identifier: digits without a leading zero. */
    private static boolean isNumber(String text) {
        return isDigits(text) && (text.length() == 1 || text.charAt(0) != '0');
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A non-empty run of ASCII letters, digits and hyphens. */
    private static boolean isIdentifier(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
                return false;
            }
        }
        return true;
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
            boolean aNumeric = isDigits(a);
            boolean bNumeric = isDigits(b);
            int c = aNumeric && bNumeric
                    ? new BigInteger(a).compareTo(new BigInteger(b))
                    : aNumeric ? -1 : bNumeric ? 1 : a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    /** Equal precedence; build metadata is ignored. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SemanticVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        List<Object> numericAware = new ArrayList<>();
        for (String identifier : preRelease) {
            numericAware.add(isDigits(identifier) ? new BigInteger(identifier) : identifier);
        }
        return Objects.hash(major, minor, patch, numericAware);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease))
                + (build == null ? "" : "+" + build);
    }
}
