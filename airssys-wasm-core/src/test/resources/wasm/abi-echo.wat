;; Implements world test:abi/echo-guest (src/test/resources/wit/abi/abi.wit) by hand,
;; exactly as the canonical ABI lays values out. RET is a static return area.
(module
  (import "test:abi/host@1.0.0" "greet" (func $greet (param i32 i32 i32)))
  (import "test:abi/host@1.0.0" "add" (func $add (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))
  (global $posts (mut i32) (i32.const 0))
  (global $RET i32 (i32.const 64))

  ;; bump allocator: never frees, grows memory when it runs out
  (func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.add (i32.div_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 65536)) (i32.const 1))))))
    (local.get $ptr))

  (func $ret2 (param i32 i32) (result i32)
    (i32.store (global.get $RET) (local.get 0))
    (i32.store offset=4 (global.get $RET) (local.get 1))
    (global.get $RET))

  (func (export "test:abi/echo@1.0.0#echo-bool") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-s8") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-u8") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-s16") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-u16") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-s32") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-u32") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-s64") (param i64) (result i64) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-u64") (param i64) (result i64) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-f32") (param f32) (result f32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-f64") (param f64) (result f64) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-char") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-string") (param i32 i32) (result i32) (call $ret2 (local.get 0) (local.get 1)))
  (func (export "test:abi/echo@1.0.0#echo-bytes") (param i32 i32) (result i32) (call $ret2 (local.get 0) (local.get 1)))
  (func (export "test:abi/echo@1.0.0#echo-points") (param i32 i32) (result i32) (call $ret2 (local.get 0) (local.get 1)))

  ;; mixed: flag@0 small@1 big@8 ratio@16 name@20 tags@28, size 40
  (func (export "test:abi/echo@1.0.0#echo-mixed")
        (param $flag i32) (param $small i32) (param $big i64) (param $ratio f32)
        (param $name_ptr i32) (param $name_len i32) (param $tags_ptr i32) (param $tags_len i32) (result i32)
    (i32.store8 offset=0 (global.get $RET) (local.get $flag))
    (i32.store8 offset=1 (global.get $RET) (local.get $small))
    (i64.store offset=8 (global.get $RET) (local.get $big))
    (f32.store offset=16 (global.get $RET) (local.get $ratio))
    (i32.store offset=20 (global.get $RET) (local.get $name_ptr))
    (i32.store offset=24 (global.get $RET) (local.get $name_len))
    (i32.store offset=28 (global.get $RET) (local.get $tags_ptr))
    (i32.store offset=32 (global.get $RET) (local.get $tags_len))
    (global.get $RET))

  ;; tuple<u8, string, f64>: u8@0 string@4 f64@16, size 24
  (func (export "test:abi/echo@1.0.0#echo-tuple") (param i32 i32 i32 f64) (result i32)
    (i32.store8 offset=0 (global.get $RET) (local.get 0))
    (i32.store offset=4 (global.get $RET) (local.get 1))
    (i32.store offset=8 (global.get $RET) (local.get 2))
    (f64.store offset=16 (global.get $RET) (local.get 3))
    (global.get $RET))

  ;; shape: flat (disc, i64 slot joining f64 and point.x, i32 slot point.y); disc@0 payload@8
  (func (export "test:abi/echo@1.0.0#echo-shape") (param $disc i32) (param $p0 i64) (param $p1 i32) (result i32)
    (i32.store8 (global.get $RET) (local.get $disc))
    (if (i32.eq (local.get $disc) (i32.const 0))
      (then (i64.store offset=8 (global.get $RET) (local.get $p0))))
    (if (i32.eq (local.get $disc) (i32.const 1))
      (then
        (i32.store offset=8 (global.get $RET) (i32.wrap_i64 (local.get $p0)))
        (i32.store offset=12 (global.get $RET) (local.get $p1))))
    (global.get $RET))

  (func (export "test:abi/echo@1.0.0#echo-color") (param i32) (result i32) (local.get 0))
  (func (export "test:abi/echo@1.0.0#echo-perms") (param i32) (result i32) (local.get 0))

  ;; option<string> and result<u32, string>: disc@0 payload@4
  (func $variant3 (param $disc i32) (param $a i32) (param $b i32) (result i32)
    (i32.store8 (global.get $RET) (local.get $disc))
    (i32.store offset=4 (global.get $RET) (local.get $a))
    (i32.store offset=8 (global.get $RET) (local.get $b))
    (global.get $RET))
  (func (export "test:abi/echo@1.0.0#echo-option") (param i32 i32 i32) (result i32)
    (call $variant3 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "test:abi/echo@1.0.0#echo-result") (param i32 i32 i32) (result i32)
    (call $variant3 (local.get 0) (local.get 1) (local.get 2)))

  ;; 17 u32 parameters arrive as one pointer to a tuple in memory
  (func (export "test:abi/echo@1.0.0#sum17") (param $ptr i32) (result i64)
    (local $i i32) (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (i32.const 17)))
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (i32.load (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const 4)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "test:abi/echo@1.0.0#shout") (param $ptr i32) (param $len i32) (result i32)
    (local $out i32) (local $i i32) (local $c i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
        (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $ret2 (local.get $out) (local.get $len)))
  (func (export "cabi_post_test:abi/echo@1.0.0#shout") (param i32)
    (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
  (func (export "test:abi/echo@1.0.0#post-returns") (result i32) (global.get $posts))

  ;; list<point> -> point (x@0 y@4)
  (func (export "test:abi/echo@1.0.0#sum-points") (param $ptr i32) (param $len i32) (result i32)
    (local $i i32) (local $x i32) (local $y i32)
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (local.get $len)))
        (local.set $x (call $add (local.get $x) (i32.load (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const 8))))))
        (local.set $y (i32.add (local.get $y) (i32.load offset=4 (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const 8))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $ret2 (local.get $x) (local.get $y)))

  ;; the host writes greet's result (a string) into a return area we pass it
  (func (export "test:abi/echo@1.0.0#relay-greeting") (param $ptr i32) (param $len i32) (result i32)
    (call $greet (local.get $ptr) (local.get $len) (i32.const 256))
    (call $ret2 (i32.load (i32.const 256)) (i32.load (i32.const 260))))
)
