package io.airssys.wasm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternTest {

    private static boolean pathMatches(String pattern, String path) {
        return PathPattern.parse(pattern)
                .matches(
                        path.equals("/")
                                ? List.of()
                                : Arrays.asList(path.substring(1).split("/")));
    }

    private static boolean hostMatches(String pattern, String url) {
        return HostPattern.parse(pattern).matches(URI.create(url));
    }

    @Test
    void singleStarMatchesExactlyOnePathSegment() {
        assertThat(pathMatches("/data/*", "/data/a.txt")).isTrue();
        assertThat(pathMatches("/data/*", "/data/in/a.txt")).isFalse();
        assertThat(pathMatches("/data/*", "/data")).isFalse();
        assertThat(pathMatches("/data/*.txt", "/data/notes.txt")).isTrue();
        assertThat(pathMatches("/data/*.txt", "/data/notes.csv")).isFalse();
    }

    @Test
    void doubleStarMatchesAnyDepthIncludingNone() {
        assertThat(pathMatches("/data/**", "/data")).isTrue();
        assertThat(pathMatches("/data/**", "/data/a/b/c.txt")).isTrue();
        assertThat(pathMatches("/data/**", "/database")).isFalse();
        assertThat(pathMatches("/data/**/*.log", "/data/x/y/app.log")).isTrue();
        assertThat(pathMatches("/data/**/*.log", "/data/app.txt")).isFalse();
    }

    @Test
    void pathPatternsMustBeAbsoluteAndNormalized() {
        assertThatThrownBy(() -> PathPattern.parse("data/**")).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> PathPattern.parse("/data/../etc")).hasMessageContaining("must be normalized");
        assertThatThrownBy(() -> PathPattern.parse("/data//x")).hasMessageContaining("must be normalized");
        assertThatThrownBy(() -> PathPattern.parse("/data/a**")).hasMessageContaining("'**' must be a whole segment");
    }

    @Test
    void grantCoversOnlyNarrowerOrEqualPathRequests() {
        assertThat(PathPattern.parse("/data/**").covers(PathPattern.parse("/data/in/*")))
                .isTrue();
        assertThat(PathPattern.parse("/data/**").covers(PathPattern.parse("/data/**")))
                .isTrue();
        assertThat(PathPattern.parse("/data/*").covers(PathPattern.parse("/data/**")))
                .isFalse();
        assertThat(PathPattern.parse("/data/in").covers(PathPattern.parse("/data/*")))
                .isFalse();
        assertThat(PathPattern.parse("/data/*").covers(PathPattern.parse("/data/in")))
                .isTrue();
    }

    @Test
    void hostWildcardMatchesOneLabelAndNeverASuffixTrick() {
        assertThat(hostMatches("https://*.example.com", "https://a.example.com/x"))
                .isTrue();
        assertThat(hostMatches("https://*.example.com", "https://evilexample.com/"))
                .isFalse();
        assertThat(hostMatches("https://*.example.com", "https://example.com/")).isFalse();
        assertThat(hostMatches("https://*.example.com", "https://a.b.example.com/"))
                .isFalse();
        assertThat(hostMatches("https://*.example.com", "https://a.example.com.evil.org/"))
                .isFalse();
        assertThat(hostMatches("https://**.example.com", "https://a.b.example.com/"))
                .isTrue();
        assertThat(hostMatches("https://*.example.com", "https://A.EXAMPLE.com/"))
                .isTrue();
    }

    @Test
    void hostPatternChecksSchemeAndPort() {
        assertThat(hostMatches("https://api.example.com", "https://api.example.com/v1"))
                .isTrue();
        assertThat(hostMatches("https://api.example.com", "http://api.example.com/v1"))
                .isFalse();
        assertThat(hostMatches("https://api.example.com", "https://api.example.com:8443/"))
                .isFalse();
        assertThat(hostMatches("http://localhost:8000-9000", "http://localhost:8080/"))
                .isTrue();
        assertThat(hostMatches("http://localhost:8000-9000", "http://localhost:9001/"))
                .isFalse();
        assertThat(hostMatches("http://localhost:*", "http://localhost:1/")).isTrue();
        assertThat(hostMatches("https://api.example.com", "https://user@evil.com/"))
                .isFalse();
        assertThat(hostMatches("http://[::1]:8080", "http://[::1]:8080/")).isTrue();
    }

    @Test
    void malformedHostPatternsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> HostPattern.parse("api.example.com"))
                .hasMessageContaining("write scheme://host[:port]");
        assertThatThrownBy(() -> HostPattern.parse("ftp://x.org")).hasMessageContaining("scheme must be http or https");
        assertThatThrownBy(() -> HostPattern.parse("https://a.*.com")).hasMessageContaining("whole first label");
        assertThatThrownBy(() -> HostPattern.parse("https://*.com")).hasMessageContaining("at least two labels");
        assertThatThrownBy(() -> HostPattern.parse("https://x.org:9000-8000")).hasMessageContaining("ranges ascending");
    }

    @Test
    void hostGrantCoversNarrowerRequests() {
        assertThat(HostPattern.parse("https://**.example.com").covers(HostPattern.parse("https://*.example.com")))
                .isTrue();
        assertThat(HostPattern.parse("https://*.example.com").covers(HostPattern.parse("https://api.example.com")))
                .isTrue();
        assertThat(HostPattern.parse("https://*.example.com").covers(HostPattern.parse("https://**.example.com")))
                .isFalse();
        assertThat(HostPattern.parse("http://h.org:1-100").covers(HostPattern.parse("http://h.org:50-60")))
                .isTrue();
        assertThat(HostPattern.parse("http://h.org:1-100").covers(HostPattern.parse("http://h.org:*")))
                .isFalse();
    }

    @Test
    void namePatternsUseStarWildcards() {
        assertThat(NamePattern.parse("APP_*").matches("APP_MODE")).isTrue();
        assertThat(NamePattern.parse("APP_*").matches("HOME")).isFalse();
        assertThat(NamePattern.parse("APP_*").covers(NamePattern.parse("APP_MODE")))
                .isTrue();
        assertThat(NamePattern.parse("APP_MODE").covers(NamePattern.parse("APP_*")))
                .isFalse();
    }
}
