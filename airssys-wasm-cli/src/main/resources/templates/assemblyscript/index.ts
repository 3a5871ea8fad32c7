// The module asc compiles: the core exports the bindings generate (from wit/, by
// `airssys-wasm build`), which call the functions of ./component.
export * from "./bindings/{{snake}}_exports";
