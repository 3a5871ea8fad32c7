package io.airssys.wasm.crash;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.engine.WasmTrapException;
import io.airssys.wasm.testing.Wat;
import java.util.Arrays;
import java.util.List;

/**
 * Child JVM: a guest capped at 16 MiB of memory grows its tables by 2^31 - 1 elements, then to
 * just past the table cap. Prints what {@code table.grow} returned (or that it trapped) and exits
 * 0 if the JVM lives.
 */
public final class TableGrowthProbe {

    private static final String WAT = """
            (module
              (table $funcs 1 funcref)
              (table $refs 1 externref)
              (func (export "grow-funcs") (param i32) (result i32)
                (table.grow $funcs (ref.null func) (local.get 0)))
              (func (export "grow-refs") (param i32) (result i32)
                (table.grow $refs (ref.null extern) (local.get 0))))
            """;

    private TableGrowthProbe() {}

    public static void main(String[] args) {
        try (WasmEngine engine = WasmEngine.create();
                CompiledModule module = engine.compile(
                        "tables@1.0.0",
                        Wat.compile(WAT),
                        ModuleLimits.ofMemoryBytes(16 << 20).withTableMaxElements(1000));
                InstancePool pool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
            System.out.println("grow funcs by 2^31-1: " + grow(pool, "grow-funcs"));
            System.out.println("grow refs by 2^31-1: " + grow(pool, "grow-refs"));
            pool.withInstance(instance -> {
                System.out.println("grow funcs to the cap: " + Arrays.toString(instance.call("grow-funcs", 999)));
                System.out.println("grow funcs past the cap: " + Arrays.toString(instance.call("grow-funcs", 1)));
                return null;
            });
        }
        System.out.println("JVM alive");
    }

    /** What growing by 2^31 - 1 did: -1 (wasmtime), or a trap (Chicory, whose new size overflows). */
    private static String grow(InstancePool pool, String function) {
        try {
            return Arrays.toString(pool.call(function, Integer.MAX_VALUE));
        } catch (WasmTrapException e) {
            return "trapped";
        }
    }
}
