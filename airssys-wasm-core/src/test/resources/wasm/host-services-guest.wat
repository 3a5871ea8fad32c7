;; Imports airssys:core/host-services as wit-bindgen would and exports, at world level,
;;   read-env: func(name: string) -> option<string>;   now: func() -> u64;
(module
  (import "airssys:core/host-services@1.0.0" "env-var" (func $env_var (param i32 i32 i32)))
  (import "airssys:core/host-services@1.0.0" "current-time-millis" (func $now (result i64)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
  ;; option<string> travels through a return area: the host writes it at 256, we hand 256 back
  (func (export "read-env") (param i32 i32) (result i32)
    (call $env_var (local.get 0) (local.get 1) (i32.const 256))
    (i32.const 256))
  (func (export "now") (result i64) (call $now))
)
