package io.airssys.wasm.autoconfigure.stickytest;

import io.airssys.wasm.autoconfigure.WasmComponent;
import io.airssys.wasm.autoconfigure.WasmRoutingKey;

@WasmComponent(value = "greeter", witInterface = "acme:greet/greeter@1.0.0")
public interface KeyedGreeter {

    /** Routed by the name: one name always sees one version. */
    String greet(@WasmRoutingKey String name);

    /** Routed by the context or the resolver, if any. */
    int add(int a, int b);
}
