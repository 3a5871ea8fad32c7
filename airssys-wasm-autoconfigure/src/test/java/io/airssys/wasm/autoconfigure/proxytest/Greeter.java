package io.airssys.wasm.autoconfigure.proxytest;

import io.airssys.wasm.autoconfigure.WasmComponent;
import io.airssys.wasm.autoconfigure.WasmFunction;
import java.util.Locale;

@WasmComponent(value = "greeter", witInterface = "acme:greet/greeter@1.0.0")
public interface Greeter {

    String greet(String name);

    int add(int a, int b);

    @WasmFunction("add")
    long sum(int a, int b);

    default String greetLoudly(String name) {
        return greet(name).toUpperCase(Locale.ROOT);
    }
}
