package io.airssys.wasm.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.airssys.wasm.abi.CanonicalLayout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * WIT from an artifact is untrusted input: whatever its shape, parsing ends quickly with a
 * result or a {@link WitParseException}, never a {@link StackOverflowError} or a hang.
 */
class WitParserLimitsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(10);

    private static WitResolve parse(String text) {
        return assertTimeoutPreemptively(QUICKLY, () -> WitParser.parse("test.wit", text));
    }

    @Test
    void typeExpressionsNestedThousandsDeepAreRefusedWithAClearError() {
        String deep = "list<".repeat(3_000) + "u8" + ">".repeat(3_000);

        assertThatThrownBy(() -> parse("package a:b;\ninterface i { type t = " + deep + "; }"))
                .isInstanceOf(WitParseException.class)
                .hasMessageContaining("types are nested more than 100 deep");
        assertThat(parse("package a:b;\ninterface i { type t = " + "list<".repeat(99) + "u8" + ">".repeat(99) + "; }")
                        .mainPackage())
                .isNotNull();
    }

    @Test
    void namedTypesNestedTooDeepAreRefused() {
        StringBuilder text = new StringBuilder("package a:b;\ninterface i {\n  type t0 = u8;\n");
        for (int i = 1; i <= 150; i++) {
            text.append("  type t").append(i).append(" = list<t").append(i - 1).append(">;\n");
        }
        text.append("}\n");

        assertThatThrownBy(() -> parse(text.toString()))
                .isInstanceOf(WitParseException.class)
                .hasMessageContaining("at most 100 levels are allowed");
    }

    @Test
    void longReverseUseAndIncludeChainsResolveWithoutDeepRecursion() {
        int length = 20_000;
        StringBuilder text = new StringBuilder("package a:b;\n");
        for (int i = 0; i < length; i++) {
            text.append("interface i")
                    .append(i)
                    .append(" { use i")
                    .append(i + 1)
                    .append(".{t}; }\n");
        }
        text.append("interface i").append(length).append(" { type t = u32; }\n");
        for (int i = 0; i < length; i++) {
            text.append("world w")
                    .append(i)
                    .append(" { include w")
                    .append(i + 1)
                    .append("; }\n");
        }
        text.append("world w").append(length).append(" { export f: func(); }\n");

        WitResolve wit = parse(text.toString());

        assertThat(wit.findWorld("a:b/w0").orElseThrow().exports()).containsOnlyKeys("f");
        assertThat(wit.findInterface("a:b/i0").orElseThrow().types().get("t"))
                .isSameAs(wit.findInterface("a:b/i" + length)
                        .orElseThrow()
                        .types()
                        .get("t"));
    }

    @Test
    void worldsThatElaborateToHugeImportListsAreRefused() {
        StringBuilder text = new StringBuilder("package a:b;\n");
        for (int i = 0; i < 5_000; i++) {
            text.append("interface i")
                    .append(i)
                    .append(" { use i")
                    .append(i + 1)
                    .append(".{t}; }\n");
        }
        text.append("interface i5000 { type t = u32; }\n");
        for (int i = 0; i < 100; i++) {
            text.append("world w").append(i).append(" { import i0; }\n");
        }

        assertThatThrownBy(() -> parse(text.toString()))
                .isInstanceOf(WitParseException.class)
                .hasMessageContaining("the worlds elaborate to more than 100000 imports and exports");
    }

    @Test
    void aRecordDoublingAtEveryLevelResolvesInLinearTimeAndIsTooBigForTheAbi() {
        StringBuilder text = new StringBuilder("package a:b;\ninterface i {\n  record r0 { a: u32, b: u32 }\n");
        for (int i = 1; i <= 60; i++) {
            text.append("  record r")
                    .append(i)
                    .append(" { a: r")
                    .append(i - 1)
                    .append(", b: r")
                    .append(i - 1)
                    .append(" }\n");
        }
        text.append("  f: func(x: r60);\n}\n");

        WitResolve wit = parse(text.toString());
        WitType r60 = wit.findInterface("a:b/i").orElseThrow().types().get("r60");

        assertTimeoutPreemptively(QUICKLY, () -> {
            assertThat(CanonicalLayout.flatten(r60)).hasSize(CanonicalLayout.MAX_FLAT_PARAMS + 1);
            assertThatThrownBy(() -> CanonicalLayout.size(r60)).hasMessageContaining("more than 2 GiB");
        });
    }

    @Test
    void anAliasCycleUsedAsAHandleIsRefusedInsteadOfLoopingForever() {
        assertThatThrownBy(() -> parse("""
                package a:b;
                interface i {
                  resource r;
                  type a = b;
                  type b = a;
                  f: func(x: borrow<a>);
                }
                """))
                .isInstanceOf(WitParseException.class)
                .hasMessageContaining("recursive types are not allowed");
    }

    @Test
    void longAliasChainsResolveInLinearTime() {
        StringBuilder text = new StringBuilder("package a:b;\ninterface i {\n  type a0 = u8;\n");
        for (int i = 1; i <= 20_000; i++) {
            text.append("  type a").append(i).append(" = a").append(i - 1).append(";\n");
        }
        text.append("}\n");

        assertThat(parse(text.toString()).findInterface("a:b/i").orElseThrow().types())
                .hasSize(20_001);
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        assertThat(parse("\uFEFFpackage a:b;\ninterface i { f: func(); }")
                        .mainPackage()
                        .name()
                        .toString())
                .isEqualTo("a:b");
    }
}
