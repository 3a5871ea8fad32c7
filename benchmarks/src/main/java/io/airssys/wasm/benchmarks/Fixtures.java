package io.airssys.wasm.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.engine.WasmEngine;
import java.io.ByteArrayOutputStream;

/** The guests the benchmarks call, as WAT compiled at set-up, and their plain-Java equivalents. */
final class Fixtures {

    static final String GREET_EXPORT = "bench:greeter/greeter@1.0.0#greet";

    /** greet(string) -> string and handle-message, following the canonical ABI, with a bump allocator. */
    static final String GREETER_WAT = """
            (module
              (memory (export "memory") 1)
              (global $heap (mut i32) (i32.const 4096))
              (global $RET i32 (i32.const 64))
              (data (i32.const 16) "Hello, ")
              (func $alloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32)
                ;; starts over when it reaches the end: benchmarks make millions of calls
                (if (i32.gt_u (i32.add (global.get $heap) (local.get 3)) (i32.const 60000))
                  (then (global.set $heap (i32.const 4096))))
                (local.set $p (global.get $heap))
                (global.set $heap (i32.add (global.get $heap) (i32.add (local.get 3) (i32.const 8))))
                (local.get $p))
              (func (export "bench:greeter/greeter@1.0.0#greet") (param $name i32) (param $n i32) (result i32)
                (local $out i32)
                (local.set $out (call $alloc (i32.const 0) (i32.const 0) (i32.const 1)
                                             (i32.add (local.get $n) (i32.const 8))))
                (memory.copy (local.get $out) (i32.const 16) (i32.const 7))
                (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $n))
                (i32.store8 (i32.add (local.get $out) (i32.add (local.get $n) (i32.const 7))) (i32.const 33))
                (i32.store (global.get $RET) (local.get $out))
                (i32.store offset=4 (global.get $RET) (i32.add (local.get $n) (i32.const 8)))
                (global.get $RET))
              (func (export "airssys:core/component-lifecycle@1.0.0#handle-message")
                    (param i32 i32 i32 i32 i32 i32 i32 i64) (result i32)
                (i32.store8 (global.get $RET) (i32.const 0))
                (i32.store offset=4 (global.get $RET) (local.get 5))
                (i32.store offset=8 (global.get $RET) (local.get 6))
                (global.get $RET))
            )
            """;

    static final String GREETER_WIT = """
            package bench:greeter@1.0.0;
            interface greeter {
                greet: func(name: string) -> string;
            }
            world bench {
                export greeter;
            }
            """;

    /** fib(n), recursive, and the bitwise CRC-32 of bytes the module fills itself at start. */
    static final String COMPUTE_WAT = """
            (module
              (memory (export "memory") 2)
              (func $fib (export "fib") (param $n i32) (result i32)
                (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
                  (then (local.get $n))
                  (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                 (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
              (func (export "_initialize")
                (local $i i32)
                (block $done (loop $fill
                  (br_if $done (i32.ge_u (local.get $i) (i32.const 65536)))
                  (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 31)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $fill))))
              (func (export "crc32") (param $p i32) (param $n i32) (result i32)
                (local $crc i32) (local $end i32) (local $k i32)
                (local.set $crc (i32.const -1))
                (local.set $end (i32.add (local.get $p) (local.get $n)))
                (block $done (loop $bytes
                  (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
                  (local.set $crc (i32.xor (local.get $crc) (i32.load8_u (local.get $p))))
                  (local.set $k (i32.const 8))
                  (loop $bits
                    (local.set $crc (i32.xor (i32.shr_u (local.get $crc) (i32.const 1))
                      (i32.and (i32.const 0xEDB88320) (i32.sub (i32.const 0) (i32.and (local.get $crc) (i32.const 1))))))
                    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                    (br_if $bits (local.get $k)))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $bytes)))
                (i32.xor (local.get $crc) (i32.const -1))))
            """;

    /** call-host(n) calls the host's inc n times; eight more imports for instantiation. */
    static final String HOST_WAT = """
            (module
              (import "bench" "inc" (func $inc (param i32) (result i32)))
              (import "bench" "f1" (func (param i32) (result i32)))
              (import "bench" "f2" (func (param i32) (result i32)))
              (import "bench" "f3" (func (param i32) (result i32)))
              (import "bench" "f4" (func (param i32) (result i32)))
              (import "bench" "f5" (func (param i32) (result i32)))
              (import "bench" "f6" (func (param i32) (result i32)))
              (import "bench" "f7" (func (param i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "call-host") (param $n i32) (result i32) (local $acc i32)
                (block $done (loop $again
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $acc (call $inc (local.get $acc)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $again)))
                (local.get $acc)))
            """;

    static final String[] HOST_IMPORTS = {"inc", "f1", "f2", "f3", "f4", "f5", "f6", "f7"};

    /** An interface the application implements, and a component calling it in a loop. */
    static final String COUNTER_WIT = """
            package bench:host@1.0.0;

            interface counter {
                inc: func(x: u32) -> u32;
            }

            world caller {
                import counter;
                export call-host: func(n: u32) -> u32;
            }
            """;

    static final String COUNTER_CALLER_WAT = """
            (module
              (import "bench:host/counter@1.0.0" "inc" (func $inc (param i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "call-host") (param $n i32) (result i32) (local $acc i32)
                (block $done (loop $again
                  (br_if $done (i32.eqz (local.get $n)))
                  (local.set $acc (call $inc (local.get $acc)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $again)))
                (local.get $acc)))
            """;

    static byte[] counterCallerArtifact() {
        byte[] artifact = CustomSectionEditor.append(
                wasm(COUNTER_CALLER_WAT),
                "airssys:manifest",
                "[component]\nid = \"caller\"\nversion = \"1.0.0\"\nworld = \"bench:host/caller@1.0.0\"\n"
                        + "[permissions.host]\ninterfaces = [\"bench:host/counter@1.0.0\"]\n");
        return CustomSectionEditor.append(artifact, "airssys:wit", COUNTER_WIT);
    }

    private Fixtures() {}

    static byte[] wasm(String wat) {
        return Wat2Wasm.parse(wat);
    }

    /** The greeter as a component artifact with manifest and WIT. */
    static byte[] greeterArtifact() {
        byte[] artifact = CustomSectionEditor.append(
                wasm(GREETER_WAT),
                "airssys:manifest",
                "[component]\nid = \"bench\"\nversion = \"1.0.0\"\n[resources]\ninstances = 8\n");
        return CustomSectionEditor.append(artifact, "airssys:wit", GREETER_WIT);
    }

    /**
     * A valid module of about {@code bytes} bytes: functions of {@code (i32) -> i32} that add
     * constants to their argument, a few exported.
     */
    static byte[] largeModule(int bytes) {
        int groupsPerFunction = 100; // local.get 0, i32.const k, i32.add, local.set 0: about 7 bytes each
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x00); // no locals
        for (int k = 0; k < groupsPerFunction; k++) {
            body.write(0x20);
            body.write(0x00);
            body.write(0x41);
            leb(body, 1000 + k);
            body.write(0x6A);
            body.write(0x21);
            body.write(0x00);
        }
        body.write(0x20);
        body.write(0x00);
        body.write(0x0B);
        byte[] oneBody = body.toByteArray();
        int functions = Math.max(1, bytes / (oneBody.length + 3));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, new byte[] {1, 0x60, 1, 0x7F, 1, 0x7F});
        ByteArrayOutputStream functionSection = new ByteArrayOutputStream();
        leb(functionSection, functions);
        for (int i = 0; i < functions; i++) {
            functionSection.write(0);
        }
        section(out, 3, functionSection.toByteArray());
        section(out, 5, new byte[] {1, 0x00, 1}); // one page of memory
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        leb(exports, 2);
        name(exports, "memory");
        exports.write(0x02);
        leb(exports, 0);
        name(exports, "f0");
        exports.write(0x00);
        leb(exports, 0);
        section(out, 7, exports.toByteArray());
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        leb(code, functions);
        for (int i = 0; i < functions; i++) {
            leb(code, oneBody.length);
            code.writeBytes(oneBody);
        }
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    /** Loads wasmtime-java's native library from airssys-wasm's cache before a raw engine needs it. */
    static void loadWasmtimeLibrary() {
        WasmEngine.create(EngineSettings.defaults().withType(EngineType.WASMTIME))
                .close();
    }

    static int plainFib(int n) {
        return n < 2 ? n : plainFib(n - 1) + plainFib(n - 2);
    }

    static byte[] crcInput() {
        byte[] data = new byte[65536];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        return data;
    }

    /** The same bitwise CRC-32 as the guest's, so both do the same work. */
    static int plainCrc32(byte[] data) {
        int crc = -1;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (0xEDB88320 & -(crc & 1));
            }
        }
        return ~crc;
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] payload) {
        out.write(id);
        leb(out, payload.length);
        out.writeBytes(payload);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        leb(out, name.length());
        out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void leb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }
}
