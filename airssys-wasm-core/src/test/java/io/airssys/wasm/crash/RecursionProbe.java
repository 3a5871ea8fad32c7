package io.airssys.wasm.crash;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.engine.WasmTrapException;
import io.airssys.wasm.testing.Wat;
import java.util.List;

/**
 * Child JVM: runs unbounded guest recursion from a small-stack thread, from a thread already
 * thousands of Java frames deep, and through a host function that calls back into the guest.
 * Prints one line per case with the trap kind, and exits 0 if the JVM is still alive at the end.
 */
public final class RecursionProbe {

    private static final String WAT = """
            (module
              (import "host" "reenter" (func $reenter))
              (func $deep (export "deep") (param i32) (result i32)
                (call $deep (i32.add (local.get 0) (i32.const 1))))
              (func (export "recurse") (call $reenter)))
            """;

    private RecursionProbe() {}

    public static void main(String[] args) throws Exception {
        try (WasmEngine engine = WasmEngine.create();
                CompiledModule module = engine.compile("recursion@1.0.0", Wat.compile(WAT), ModuleLimits.DEFAULT)) {
            InstancePool[] pool = new InstancePool[1];
            HostFunction reenter = new HostFunction(
                    "host", "reenter", new FunctionType(List.of(), List.of()), call -> call.callGuest("recurse"));
            pool[0] = new InstancePool(module, List.of(reenter), PoolSettings.defaults());

            report("calling thread", () -> pool[0].call("deep", 0));
            Thread small = new Thread(
                    null, () -> report("256 KiB thread", () -> pool[0].call("deep", 0)), "small-stack", 256 * 1024);
            small.start();
            small.join();
            Thread deepCaller = new Thread(
                    null,
                    () -> javaFrames(4_000, () -> report("4,000 Java frames deep", () -> pool[0].call("deep", 0))),
                    "deep-caller",
                    1 << 20);
            deepCaller.start();
            deepCaller.join();
            report("host call recursion", () -> pool[0].call("recurse"));
            pool[0].close();
        }
        System.out.println("JVM alive");
    }

    private static void javaFrames(int depth, Runnable then) {
        if (depth == 0) {
            then.run();
        } else {
            javaFrames(depth - 1, then);
        }
    }

    private static void report(String label, Runnable call) {
        try {
            call.run();
            System.out.println(label + ": returned");
        } catch (WasmTrapException e) {
            System.out.println(label + ": " + e.kind());
        }
    }
}
