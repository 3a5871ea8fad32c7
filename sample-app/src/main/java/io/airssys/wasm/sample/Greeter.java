package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmComponent;

// tag::wasm-component[]
/** The greeter component (components/greeter, written in WAT), as a typed Java interface. */
@WasmComponent(value = "greeter", witInterface = "acme:greet/greeter@1.0.0")
public interface Greeter {

    String greet(String name); // calls acme:greet/greeter@1.0.0#greet

    int add(int a, int b); // calls acme:greet/greeter@1.0.0#add; @WasmFunction("...") renames
}
// end::wasm-component[]
