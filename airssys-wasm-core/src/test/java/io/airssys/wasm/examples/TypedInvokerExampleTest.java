package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.TypedGreeter;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calling a module through the canonical ABI, typed by its WIT, as {@code docs/runtime.md} shows it. */
class TypedInvokerExampleTest {

    @Test
    void callsExportsWithJavaValuesConvertedByTheWit() throws Exception {
        String greeterWit = TypedGreeter.WIT;
        byte[] greeterBytes = TypedGreeter.artifact("1.0.0", "Hello, ");

        String printed = PrintedOutput.of(() -> {
            try (WasmEngine engine = WasmEngine.create();
                    CompiledModule module = engine.compile("greeter@1.0.0", greeterBytes, ModuleLimits.DEFAULT);
                    InstancePool pool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
                // tag::typed-invoker[]
                WitResolve wit = WitParser.parse("greeter.wit", greeterWit);
                TypedInvoker greeter = new TypedInvoker(pool, wit);
                greeter.verify(
                        wit.findWorld("greeter-world").orElseThrow()); // every export present, right core signature

                String greeting = greeter.invoke("acme:greet/greeter@1.0.0#greet", String.class, "wasm");
                WitValue sum = greeter.invoke("acme:greet/greeter@1.0.0#add", 2, 40); // untyped: a WitValue
                System.out.println(greeting + " " + sum);
                // end::typed-invoker[]
            }
        });

        assertThat(printed.strip()).isEqualTo("Hello, wasm 42");
    }
}
