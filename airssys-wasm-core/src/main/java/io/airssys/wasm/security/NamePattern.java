package io.airssys.wasm.security;

/** A name with {@code *} wildcards, for environment variables and messaging targets. */
public record NamePattern(String text) {

    public NamePattern {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a name pattern must not be empty");
        }
        if (text.length() > 1024) {
            throw new IllegalArgumentException("a name pattern may be at most 1024 characters long");
        }
    }

    public static NamePattern parse(String text) {
        return new NamePattern(text);
    }

    public boolean matches(String name) {
        return PathPattern.globMatches(text, name);
    }

    /** Whether every name {@code request} matches is matched by this pattern too. */
    public boolean covers(NamePattern request) {
        if (request.text.contains("*") && !text.contains("*")) {
            return false;
        }
        return PathPattern.globMatches(text, request.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
