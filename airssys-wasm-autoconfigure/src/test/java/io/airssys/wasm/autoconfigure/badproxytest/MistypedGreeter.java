package io.airssys.wasm.autoconfigure.badproxytest;

import io.airssys.wasm.autoconfigure.WasmComponent;

@WasmComponent(value = "greeter", witInterface = "acme:greet/greeter@1.0.0")
public interface MistypedGreeter {

    String greet(int name);

    String add(int a, int b);

    void wave();
}
