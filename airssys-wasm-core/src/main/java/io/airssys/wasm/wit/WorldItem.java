package io.airssys.wasm.wit;

/** What a world imports or exports. */
public sealed interface WorldItem {

    record InterfaceItem(WitInterface value) implements WorldItem {}

    record FunctionItem(WitFunction value) implements WorldItem {}

    record TypeItem(TypeDef value) implements WorldItem {}
}
