package io.airssys.wasm.wit;

/** Whether a function stands alone or belongs to a resource, and how. */
public enum FunctionKind {
    FREESTANDING,
    METHOD,
    STATIC,
    CONSTRUCTOR
}
