package io.airssys.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.security.AuditEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersAndLoneSurrogatesAreWrittenAsEscapes() {
        assertThat(LogText.escape("a\u0000b\u001b[31mred\nforged line\r\u0085\u2028"))
                .isEqualTo("a\\u0000b\\u001B[31mred\\u000Aforged line\\u000D\\u0085\\u2028");
        assertThat(LogText.escape("lone \uD800 high, lone \uDC00 low"))
                .isEqualTo("lone \\uD800 high, lone \\uDC00 low");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "/data/in/résumé.txt ✓ \uD83D\uDE00 https://example.com/?q=1";

        assertThat(LogText.escape(text)).isSameAs(text);
    }

    @Test
    void auditLinesEscapeWhatTheGuestSupplied() {
        AuditEvent event = new AuditEvent(
                Instant.EPOCH, "c@1.0.0", "filesystem.read", "/data/a\u0000.png\n", false, "path contains NUL");

        assertThat(event.toString())
                .isEqualTo("DENY c@1.0.0 filesystem.read /data/a\\u0000.png\\u000A (path contains NUL)")
                .doesNotContain("\u0000");
    }
}
