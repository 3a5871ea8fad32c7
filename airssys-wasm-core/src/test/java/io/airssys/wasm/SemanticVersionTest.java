package io.airssys.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

    @Test
    void ordersByPrecedenceAsSemverSays() {
        List<String> ascending = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.1.0",
                "2.0.0");
        for (int i = 1; i < ascending.size(); i++) {
            assertThat(SemanticVersion.parse(ascending.get(i - 1))).isLessThan(SemanticVersion.parse(ascending.get(i)));
        }
    }

    @Test
    void buildMetadataNeverDistinguishesTwoVersions() {
        SemanticVersion a = SemanticVersion.parse("1.0.0+x");
        SemanticVersion b = SemanticVersion.parse("1.0.0+y");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isEqualTo(SemanticVersion.parse("1.0.0"));
        assertThat(new HashSet<>(List.of(a, b, SemanticVersion.parse("1.0.0")))).hasSize(1);
        assertThat(a.toString()).as("kept for display").isEqualTo("1.0.0+x");
        assertThat(SemanticVersion.parse("1.0.0-rc.01a")).isNotEqualTo(SemanticVersion.parse("1.0.0-rc.1a"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1",
                "1.0",
                "01.0.0",
                "1.0.0-",
                "1.0.0-01",
                "1.0.0+",
                "1.0.0-a..b",
                "1.0.0-é",
                "1.0.0 ",
                "v1.0.0",
                "1.0.0+a+b",
                "99999999999999999999.0.0"
            })
    void refusesWhatIsNotASemanticVersion(String text) {
        assertThatThrownBy(() -> SemanticVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugePreReleaseIsRefusedQuicklyWithoutExhaustingTheStack() {
        String huge = "1.0.0-" + "a.".repeat(50_000) + "a";

        assertThatThrownBy(() -> SemanticVersion.parse(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 256 are allowed");
        assertThat(SemanticVersion.isValid(huge)).isFalse();
    }
}
