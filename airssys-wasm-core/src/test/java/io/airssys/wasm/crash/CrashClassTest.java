package io.airssys.wasm.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guests that used to kill the JVM, each run in a child JVM so that a regression fails this test
 * instead of the build: the child must exit normally, having seen a clean error.
 */
class CrashClassTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void unboundedRecursionTrapsCleanlyWhateverTheCallersStack() throws Exception {
        ChildJvm.Result result = ChildJvm.run(RecursionProbe.class, List.of("-Xss256k"), LIMIT);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("calling thread: STACK_OVERFLOW")
                .contains("256 KiB thread: STACK_OVERFLOW")
                .contains("4,000 Java frames deep: STACK_OVERFLOW")
                .contains("host call recursion: STACK_OVERFLOW")
                .contains("JVM alive");
    }

    @Test
    void tableGrowthStopsAtTheTableCap() throws Exception {
        ChildJvm.Result result = ChildJvm.run(TableGrowthProbe.class, List.of("-Xmx256m"), LIMIT);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .containsPattern("grow funcs by 2\\^31-1: (\\[-1]|trapped)")
                .containsPattern("grow refs by 2\\^31-1: (\\[-1]|trapped)")
                .contains("grow funcs to the cap: [1]")
                .contains("grow funcs past the cap: [-1]")
                .contains("JVM alive");
    }

    @Test
    void aliasedStringsCannotMakeTheHostBuildGigabytes() throws Exception {
        ChildJvm.Result result =
                ChildJvm.run(LiftAmplificationProbe.class, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), LIMIT);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("flood: refused with WasmAbiException")
                .doesNotContain("flood: returned")
                .contains("JVM alive");
    }
}
