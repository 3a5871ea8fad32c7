package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuePathTest {

    @Test
    void namesFieldsElementsAndTupleMembersAsErrorMessagesShowThem() {
        ValuePath argument = ValuePath.of("ns:pkg/iface@1.0.0#draw(points)");

        assertThat(argument.element(3).field("x")).hasToString("ns:pkg/iface@1.0.0#draw(points)[3].x");
        assertThat(argument.member(1).field("some")).hasToString("ns:pkg/iface@1.0.0#draw(points).1.some");
        assertThat(argument).hasToString("ns:pkg/iface@1.0.0#draw(points)");
    }
}
