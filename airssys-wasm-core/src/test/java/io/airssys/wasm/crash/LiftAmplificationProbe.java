package io.airssys.wasm.crash;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.HostServices;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.testing.Wat;
import java.time.Clock;

/**
 * Child JVM (run with a small heap and {@code -XX:+ExitOnOutOfMemoryError}): a guest logs with a
 * context of 400 key-value pairs whose strings all alias one 8 MiB region, 6.4 GB once lifted.
 * Prints how the host refused it and exits 0 if the JVM lives.
 */
public final class LiftAmplificationProbe {

    private static final String WAT = """
            (module
              (import "airssys:core/host-services@1.0.0" "log" (func $log (param i32 i32 i32 i32 i32)))
              (memory (export "memory") 256)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0))
              (func (export "flood")
                (local $i i32)
                (local $at i32)
                (loop $fill
                  (local.set $at (i32.mul (local.get $i) (i32.const 16)))
                  (i32.store (local.get $at) (i32.const 1048576))
                  (i32.store offset=4 (local.get $at) (i32.const 8388608))
                  (i32.store offset=8 (local.get $at) (i32.const 1048576))
                  (i32.store offset=12 (local.get $at) (i32.const 8388608))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $fill (i32.lt_u (local.get $i) (i32.const 400))))
                (call $log (i32.const 2) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 400))))
            """;

    private LiftAmplificationProbe() {}

    public static void main(String[] args) {
        HostServices host = new HostServices(new CapabilityEnforcer(new AuditLog(10)), Clock.systemUTC(), name -> null);
        try (WasmEngine engine = WasmEngine.create();
                CompiledModule module =
                        engine.compile("amplifier@1.0.0", Wat.compile(WAT), ModuleLimits.ofMemoryBytes(16 << 20));
                InstancePool pool = new InstancePool(module, host.functions("amplifier"), PoolSettings.defaults())) {
            for (int i = 0; i < 3; i++) {
                try {
                    pool.call("flood");
                    System.out.println("flood: returned");
                } catch (WasmException e) {
                    System.out.println("flood: refused with " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        System.out.println("JVM alive");
    }
}
