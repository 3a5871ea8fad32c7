package io.airssys.wasm.security;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An outbound network destination: {@code scheme://host[:port]}. The scheme is {@code http} or
 * {@code https}. The host is exact, or starts with {@code *.} (exactly one more label:
 * {@code *.example.com} matches {@code a.example.com}, not {@code a.b.example.com}, not
 * {@code example.com}, never {@code evilexample.com}) or {@code **.} (one or more labels).
 * The port is exact, a range {@code 8000-9000} or {@code *}; omitted, it is the scheme's default.
 */
public final class HostPattern {

    private static final Pattern SYNTAX = Pattern.compile(
            "(?<scheme>[a-z]+)://(?<host>\\[[0-9a-fA-F:.]+]|[^:/\\s\\[\\]]+)(?::(?<port>\\*|\\d+(?:-\\d+)?))?");

    private final String text;
    private final String scheme;
    private final List<String> hostLabels;
    private final int portFrom;
    private final int portTo;

    private HostPattern(String text, String scheme, List<String> hostLabels, int portFrom, int portTo) {
        this.text = text;
        this.scheme = scheme;
        this.hostLabels = hostLabels;
        this.portFrom = portFrom;
        this.portTo = portTo;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static HostPattern parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a host pattern; write scheme://host[:port], "
                    + "e.g. https://api.example.com or https://*.example.com:8443");
        }
        String scheme = m.group("scheme");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "': scheme must be http or https");
        }
        String host = m.group("host").toLowerCase(Locale.ROOT);
        List<String> labels = host.startsWith("[") ? List.of(host) : Arrays.asList(host.split("\\.", -1));
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            boolean wildcard = label.equals("*") || label.equals("**");
            if (label.isEmpty() || wildcard && i > 0 || !wildcard && label.contains("*")) {
                throw new IllegalArgumentException(
                        "'" + text + "': a wildcard may only be the whole first label, " + "as in *.example.com");
            }
        }
        if ((labels.get(0).equals("*") || labels.get(0).equals("**")) && labels.size() < 3) {
            throw new IllegalArgumentException(
                    "'" + text + "': a wildcard needs at least two labels after it, " + "as in *.example.com");
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String port = m.group("port");
        int from;
        int to;
        if (port == null) {
            from = to = defaultPort;
        } else if (port.equals("*")) {
            from = 1;
            to = 65_535;
        } else if (port.contains("-")) {
            from = port(text, port.substring(0, port.indexOf('-')));
            to = port(text, port.substring(port.indexOf('-') + 1));
        } else {
            from = to = port(text, port);
        }
        if (from < 1 || to > 65_535 || from > to) {
            throw new IllegalArgumentException("'" + text + "': port must be 1-65535 and ranges ascending");
        }
        return new HostPattern(text, scheme, List.copyOf(labels), from, to);
    }

    /** A port number as written; a number too large for an int is refused like any port out of range. */
    private static int port(String pattern, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + pattern + "': port must be 1-65535 and ranges ascending");
        }
    }

    /** Whether a request to {@code uri} is allowed by this pattern. */
    public boolean matches(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String requestScheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : requestScheme.equals("https") ? 443 : 80;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        List<String> labels = host.startsWith("[") ? List.of(host) : Arrays.asList(host.split("\\.", -1));
        return requestScheme.equals(scheme) && port >= portFrom && port <= portTo && hostMatches(labels);
    }

    private boolean hostMatches(List<String> labels) {
        String first = hostLabels.get(0);
        List<String> suffix = hostLabels.subList(1, hostLabels.size());
        if (first.equals("*")) {
            return labels.size() == hostLabels.size()
                    && labels.subList(1, labels.size()).equals(suffix)
                    && !labels.get(0).isEmpty();
        }
        if (first.equals("**")) {
            return labels.size() > suffix.size()
                    && labels.subList(labels.size() - suffix.size(), labels.size())
                            .equals(suffix);
        }
        return labels.equals(hostLabels);
    }

    /** Whether every destination {@code request} allows is allowed by this pattern. */
    public boolean covers(HostPattern request) {
        if (!scheme.equals(request.scheme) || request.portFrom < portFrom || request.portTo > portTo) {
            return false;
        }
        String first = hostLabels.get(0);
        String requestFirst = request.hostLabels.get(0);
        if (first.equals("**")) {
            return hostMatches(request.hostLabels);
        }
        if (first.equals("*")) {
            return !requestFirst.equals("**") && hostMatches(request.hostLabels);
        }
        return hostLabels.equals(request.hostLabels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostPattern h && h.text.equals(text);
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
