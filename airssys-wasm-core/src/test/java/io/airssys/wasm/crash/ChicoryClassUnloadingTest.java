package io.airssys.wasm.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Chicory compiles each module to JVM classes; they must be unloaded when the module is retired,
 * or deploying and retiring versions would fill the Metaspace until the JVM dies.
 */
class ChicoryClassUnloadingTest {

    @Test
    void compiledClassesOfRetiredModulesAreUnloaded() throws Exception {
        assumeTrue(
                EngineType.defaultType() == EngineType.CHICORY,
                "the probe always runs Chicory: once, in the Chicory execution, is enough");
        // capped well below what 10,000 modules' classes would need if they stayed loaded
        ChildJvm.Result result = ChildJvm.run(
                MetaspaceProbe.class,
                List.of("-XX:MaxMetaspaceSize=64m", "-XX:+ExitOnOutOfMemoryError"),
                Duration.ofMinutes(3),
                "10000");

        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher grew = Pattern.compile("grew by (\\d+) KiB").matcher(result.output());
        assertThat(grew.find()).as(result.output()).isTrue();
        assertThat(Long.parseLong(grew.group(1)))
                .as("Metaspace growth over 7,500 modules")
                .isLessThan(2048);
    }
}
