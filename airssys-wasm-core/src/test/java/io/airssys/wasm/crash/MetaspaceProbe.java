package io.airssys.wasm.crash;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Child JVM: compiles, runs and closes {@code args[0]} distinct modules on Chicory, whose compiled
 * classes must be unloaded when their module closes. Prints the Metaspace in use after a quarter
 * of the cycles and at the end, after a garbage collection each time.
 */
public final class MetaspaceProbe {

    private MetaspaceProbe() {}

    public static void main(String[] args) {
        int cycles = Integer.parseInt(args[0]);
        long quarter = 0;
        try (WasmEngine engine = WasmEngine.create(EngineSettings.defaults().withType(EngineType.CHICORY))) {
            for (int i = 0; i < cycles; i++) {
                byte[] wasm = moduleReturning(i);
                try (CompiledModule module = engine.compile("m" + i + "@1.0.0", wasm, ModuleLimits.DEFAULT);
                        InstancePool pool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
                    if ((Integer) pool.call("f")[0] != i) {
                        throw new AssertionError("wrong result in cycle " + i);
                    }
                }
                if (i == cycles / 4) {
                    quarter = metaspaceUsed();
                }
            }
        }
        long end = metaspaceUsed();
        System.out.println("metaspace after a quarter: " + quarter / 1024 + " KiB, at the end: " + end / 1024 + " KiB");
        System.out.println("grew by " + Math.max(0, end - quarter) / 1024 + " KiB");
    }

    /**
     * {@code (module (func (export "f") (result i32) (i32.const value)))}, built directly: a new
     * module per cycle, so each cycle compiles and loads classes of its own.
     */
    private static byte[] moduleReturning(int value) {
        return new byte[] {
            0,
            'a',
            's',
            'm',
            1,
            0,
            0,
            0,
            1,
            5,
            1,
            0x60,
            0,
            1,
            0x7F, // type 0: () -> i32
            3,
            2,
            1,
            0, // function 0 of type 0
            7,
            5,
            1,
            1,
            'f',
            0,
            0, // export "f"
            10,
            10,
            1,
            8,
            0,
            0x41, // code: no locals, i32.const with a five-byte LEB128
            (byte) (value & 0x7F | 0x80),
            (byte) (value >>> 7 & 0x7F | 0x80),
            (byte) (value >>> 14 & 0x7F | 0x80),
            (byte) (value >>> 21 & 0x7F | 0x80),
            (byte) (value >>> 28 & 0x07),
            0x0B
        };
    }

    private static long metaspaceUsed() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace"))
                .mapToLong(pool -> pool.getUsage().getUsed())
                .sum();
    }
}
