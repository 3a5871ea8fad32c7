package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalLayoutTest {

    private static final WitInterface TYPES =
            WitParser.parse("layout.wit", """
            package test:layout;
            interface t {
                record mixed { flag: bool, small: u8, big: u64, ratio: f32, name: string, tags: list<string> }
                record point { x: s32, y: s32 }
                variant shape { circle(f64), rect(point), nothing }
                enum small-enum { a, b, c }
                flags few { a, b }
                flags many { f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17 }
                type opt = option<string>;
                type res = result<u32, string>;
                type pair = tuple<u8, string, f64>;
                resource thing;
                type owned = thing;
            }
            """).findInterface("test:layout/t").orElseThrow();

    private static WitType type(String name) {
        return TYPES.type(name).orElseThrow();
    }

    @Test
    void laysOutRecordsWithPaddingAndTrailingAlignment() {
        assertThat(CanonicalLayout.size(type("mixed"))).isEqualTo(40);
        assertThat(CanonicalLayout.alignment(type("mixed"))).isEqualTo(8);
        assertThat(CanonicalLayout.size(type("pair"))).isEqualTo(24);
    }

    @Test
    void laysOutVariantsWithTheirDiscriminantAndLargestCase() {
        assertThat(CanonicalLayout.size(type("shape"))).isEqualTo(16);
        assertThat(CanonicalLayout.alignment(type("shape"))).isEqualTo(8);
        assertThat(CanonicalLayout.size(type("small-enum"))).isEqualTo(1);
        assertThat(CanonicalLayout.size(type("opt"))).isEqualTo(12);
        assertThat(CanonicalLayout.size(type("res"))).isEqualTo(12);
    }

    @Test
    void sizesFlagsByTheirCount() {
        assertThat(CanonicalLayout.size(type("few"))).isEqualTo(1);
        assertThat(CanonicalLayout.size(type("many"))).isEqualTo(4);
        assertThat(CanonicalLayout.discriminantSize(256)).isEqualTo(1);
        assertThat(CanonicalLayout.discriminantSize(257)).isEqualTo(2);
        assertThat(CanonicalLayout.discriminantSize(65_537)).isEqualTo(4);
    }

    @Test
    void flattensVariantsByJoiningTheirCases() {
        assertThat(CanonicalLayout.flatten(type("shape"))).containsExactly(ValueType.I32, ValueType.I64, ValueType.I32);
        assertThat(CanonicalLayout.flatten(type("mixed")))
                .containsExactly(
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I64,
                        ValueType.F32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32,
                        ValueType.I32);
        assertThat(CanonicalLayout.join(ValueType.I32, ValueType.F32)).isEqualTo(ValueType.I32);
        assertThat(CanonicalLayout.join(ValueType.F32, ValueType.F64)).isEqualTo(ValueType.I64);
    }

    @Test
    void laysOutResourceHandlesAsOneI32() {
        assertThat(CanonicalLayout.size(type("owned"))).isEqualTo(4);
        assertThat(CanonicalLayout.alignment(type("owned"))).isEqualTo(4);
        assertThat(CanonicalLayout.flatten(type("thing"))).isEqualTo(List.of(ValueType.I32));
        assertThat(CanonicalLayout.resolve(type("owned")))
                .isEqualTo(new WitType.HandleType(TYPES.type("thing").orElseThrow(), false));
        assertThat(CanonicalLayout.flatten(new WitType.ListType(type("point"))))
                .isEqualTo(List.of(ValueType.I32, ValueType.I32));
    }
}
