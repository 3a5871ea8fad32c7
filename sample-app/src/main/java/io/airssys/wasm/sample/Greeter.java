package io.airssys.wasm.sample;

import io.airssys.wasm.autoconfigure.WasmComponent;

/** The greeter component (components/greeter, written in WAT), as a typed Java interface. */
@WasmComponent(value = "greeter", witInterface = "acme:greet/greeter@1.0.0")
public interface Greeter {

    String greet(String name);

    int add(int a, int b);
}
