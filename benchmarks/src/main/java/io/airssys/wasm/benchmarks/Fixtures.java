package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.airssys.wasm.binary.CustomSectionEditor;

/** The guests the benchmarks call, as WAT compiled at set-up. */
final class Fixtures {

    /** add(i32, i32) and echo(string) -> string, following the canonical ABI. */
    static final String WAT = """
            (module
              (memory (export "memory") 1)
              (global $heap (mut i32) (i32.const 4096))
              (global $RET i32 (i32.const 64))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32)
                ;; a bump allocator that starts over when it reaches the end: benchmarks make millions of calls
                (if (i32.gt_u (i32.add (global.get $heap) (local.get 3)) (i32.const 60000))
                  (then (global.set $heap (i32.const 4096))))
                (local.set $p (global.get $heap))
                (global.set $heap (i32.add (global.get $heap) (i32.add (local.get 3) (i32.const 8))))
                (local.get $p))
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "bench:echo/echo@1.0.0#add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "bench:echo/echo@1.0.0#echo") (param i32 i32) (result i32)
                (i32.store (global.get $RET) (local.get 0))
                (i32.store offset=4 (global.get $RET) (local.get 1))
                (global.get $RET))
              (func (export "airssys:core/component-lifecycle@1.0.0#handle-message")
                    (param i32 i32 i32 i32 i32 i32 i32 i64) (result i32)
                (i32.store8 (global.get $RET) (i32.const 0))
                (i32.store offset=4 (global.get $RET) (local.get 5))
                (i32.store offset=8 (global.get $RET) (local.get 6))
                (global.get $RET))
            )
            """;

    static final String WIT = """
            package bench:echo@1.0.0;
            interface echo {
                add: func(a: s32, b: s32) -> s32;
                echo: func(s: string) -> string;
            }
            world bench {
                export echo;
            }
            """;

    private Fixtures() {}

    static byte[] module() {
        return Wat2Wasm.parse(WAT);
    }

    /** The module as a component artifact with manifest and WIT. */
    static byte[] artifact() {
        byte[] artifact = CustomSectionEditor.append(
                module(),
                "airssys:manifest",
                "[component]\nid = \"bench\"\nversion = \"1.0.0\"\n[resources]\ninstances = 8\n");
        return CustomSectionEditor.append(artifact, "airssys:wit", WIT);
    }
}
