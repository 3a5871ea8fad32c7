;; The {{name}} component, written by hand against the canonical ABI (see the project README):
;; the lifecycle of airssys:core/minimal-component and the world's own greet function.
;; Strings the host passes in are allocated through cabi_realloc from a bump heap that every
;; post-return empties again; results are built in fixed areas below 4096.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))

  (data (i32.const 1024) "Hello, ")
  (data (i32.const 1040) "{{name}}")
  (data (i32.const 1168) "0.1.0")
  (data (i32.const 1184) "The {{name}} component")

  (func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
        (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (block $enough
      (loop $grow
        (br_if $enough (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
        (br $grow)))
    (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
    (local.get $p))

  ;; after the host has read a result, everything allocated for the call is free again
  (func (export "cabi_post_airssys:core/component-lifecycle@1.0.0#initialize")
        (export "cabi_post_airssys:core/component-lifecycle@1.0.0#handle-message")
        (export "cabi_post_airssys:core/component-lifecycle@1.0.0#handle-callback")
        (export "cabi_post_airssys:core/component-lifecycle@1.0.0#metadata")
        (export "cabi_post_airssys:core/component-lifecycle@1.0.0#shutdown")
        (export "cabi_post_greet")
        (param i32)
    (global.set $heap (i32.const 4096)))

  ;; initialize: func(config: list<tuple<string, string>>) -> result<_, component-error>
  (func (export "airssys:core/component-lifecycle@1.0.0#initialize") (param i32 i32) (result i32)
    (i32.store8 (i32.const 64) (i32.const 0))
    (i32.const 64))

  ;; handle-message: func(message: message) -> result<list<u8>, component-error>
  ;; message flattens to sender (ptr, len), correlation (is-some, ptr, len), payload (ptr, len), sent-at-millis
  (func (export "airssys:core/component-lifecycle@1.0.0#handle-message")
        (param i32 i32 i32 i32 i32 i32 i32 i64) (result i32)
    (i32.store8 (i32.const 64) (i32.const 0))
    (i32.store (i32.const 68) (local.get 5))
    (i32.store (i32.const 72) (local.get 6))
    (i32.const 64))

  ;; handle-callback: func(correlation: correlation-id, response: result<list<u8>, messaging-error>)
  ;;   -> result<_, component-error>
  (func (export "airssys:core/component-lifecycle@1.0.0#handle-callback")
        (param i32 i32 i32 i32 i32 i32) (result i32)
    (i32.store8 (i32.const 64) (i32.const 0))
    (i32.const 64))

  ;; metadata: func() -> component-metadata, a record of name, version, option<string>, list<string>
  (func (export "airssys:core/component-lifecycle@1.0.0#metadata") (result i32)
    (i32.store (i32.const 128) (i32.const 1040))
    (i32.store (i32.const 132) (i32.const {{name_len}}))
    (i32.store (i32.const 136) (i32.const 1168))
    (i32.store (i32.const 140) (i32.const 5))
    (i32.store8 (i32.const 144) (i32.const 1))
    (i32.store (i32.const 148) (i32.const 1184))
    (i32.store (i32.const 152) (i32.const {{description_len}}))
    (i32.store (i32.const 156) (i32.const 0))
    (i32.store (i32.const 160) (i32.const 0))
    (i32.const 128))

  ;; health: func() -> health-status (0 = healthy)
  (func (export "airssys:core/component-lifecycle@1.0.0#health") (result i32)
    (i32.const 0))

  ;; shutdown: func() -> result<_, component-error>
  (func (export "airssys:core/component-lifecycle@1.0.0#shutdown") (result i32)
    (i32.store8 (i32.const 64) (i32.const 0))
    (i32.const 64))

  ;; greet: func(name: string) -> string, "Hello, " + name + "!"
  (func (export "greet") (param $name i32) (param $len i32) (result i32)
    (local $out i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $len) (i32.const 8))))
    (memory.copy (local.get $out) (i32.const 1024) (i32.const 7))
    (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $len))
    (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 33))
    (i32.store (i32.const 96) (local.get $out))
    (i32.store (i32.const 100) (i32.add (local.get $len) (i32.const 8)))
    (i32.const 96))
)
