;; A well-behaved module: plain exports, a host import, memory the host can read.
(module
  (import "host" "add" (func $host_add (param i32 i32) (result i32)))
  (import "host" "log" (func $host_log (param i32 i32)))
  (memory (export "memory") 1)
  (global $initialized (mut i32) (i32.const 0))
  (data (i32.const 16) "hello from wasm")

  ;; reactor convention: the host calls this once per instance
  (func (export "_initialize")
    (global.set $initialized (i32.add (global.get $initialized) (i32.const 1))))
  (func (export "initialized") (result i32) (global.get $initialized))

  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64)
    (f64.div (local.get 0) (f64.const 2)))
  (func (export "add_via_host") (param i32 i32) (result i32)
    (call $host_add (local.get 0) (local.get 1)))
  (func (export "log_greeting")
    (call $host_log (i32.const 16) (i32.const 15)))
)
