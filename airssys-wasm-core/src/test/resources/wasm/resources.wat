;; A guest that implements the resource `counter` and uses the host's resource `logbook`, as the
;; canonical ABI lays them out (WIT: src/test/resources/wit/resources/resources.wit). Counters
;; live in slots at 1024 (used flag, i64 value); a counter's rep is its slot number. Some
;; exports break the ABI's handle rules on purpose. Compiled at test time by the Wat helper.
(module
  (import "test:res/logs@1.0.0" "[constructor]logbook" (func $log_new (param i32 i32) (result i32)))
  (import "test:res/logs@1.0.0" "[method]logbook.append" (func $log_append (param i32 i32 i32)))
  (import "test:res/logs@1.0.0" "[method]logbook.size" (func $log_size (param i32) (result i32)))
  (import "test:res/logs@1.0.0" "[method]logbook.describe" (func $log_describe (param i32 i32)))
  (import "test:res/logs@1.0.0" "[static]logbook.absorb" (func $log_absorb (param i32 i32)))
  (import "test:res/logs@1.0.0" "[resource-drop]logbook" (func $log_drop (param i32)))
  (import "[export]test:res/counters@1.0.0" "[resource-new]counter" (func $counter_new (param i32) (result i32)))
  (import "[export]test:res/counters@1.0.0" "[resource-rep]counter" (func $counter_rep (param i32) (result i32)))
  (import "[export]test:res/counters@1.0.0" "[resource-drop]counter" (func $counter_drop (param i32)))

  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 32768))
  (global $live (mut i32) (i32.const 0))
  ;; a handle cabi_realloc drops when the host allocates in the guest (for drop-lent); 0 for none
  (global $drop_on_alloc (mut i32) (i32.const 0))
  (global $held (mut i32) (i32.const 0))
  (data (i32.const 256) "a line")

  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (if (global.get $drop_on_alloc)
      (then
        (call $log_drop (global.get $drop_on_alloc))
        (global.set $drop_on_alloc (i32.const 0))))
    (local.set $p
      (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get 2))))
    (if (i32.gt_u (i32.add (local.get $p) (local.get 3)) (i32.const 65536))
      (then (local.set $p (i32.const 32768))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))

  (func $slot (param $rep i32) (result i32)
    (i32.add (i32.const 1024) (i32.mul (local.get $rep) (i32.const 16))))

  (func $value (param $rep i32) (result i64)
    (i64.load offset=8 (call $slot (local.get $rep))))

  ;; a new counter: the first free slot from 1 (traps if all 1000 are used)
  (func $new_rep (param $start i64) (result i32)
    (local $rep i32)
    (local.set $rep (i32.const 1))
    (block $found
      (loop $scan
        (br_if $found (i32.eqz (i32.load (call $slot (local.get $rep)))))
        (local.set $rep (i32.add (local.get $rep) (i32.const 1)))
        (br_if $scan (i32.lt_u (local.get $rep) (i32.const 1000)))
        (unreachable)))
    (i32.store (call $slot (local.get $rep)) (i32.const 1))
    (i64.store offset=8 (call $slot (local.get $rep)) (local.get $start))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $rep))

  (func (export "test:res/counters@1.0.0#[constructor]counter") (param $start i64) (result i32)
    (call $counter_new (call $new_rep (local.get $start))))

  (func (export "test:res/counters@1.0.0#[method]counter.increment") (param $self i32) (param $by i64) (result i64)
    (i64.store offset=8 (call $slot (local.get $self)) (i64.add (call $value (local.get $self)) (local.get $by)))
    (call $value (local.get $self)))

  (func (export "test:res/counters@1.0.0#[method]counter.get") (param $self i32) (result i64)
    (call $value (local.get $self)))

  (func (export "test:res/counters@1.0.0#[static]counter.merge") (param $a i32) (param $b i32) (result i32)
    (call $counter_new (call $new_rep (i64.add (call $value (local.get $a)) (call $value (local.get $b))))))

  (func (export "test:res/counters@1.0.0#[dtor]counter") (param $rep i32)
    (i32.store (call $slot (local.get $rep)) (i32.const 0))
    (global.set $live (i32.sub (global.get $live) (i32.const 1))))

  (func (export "test:res/counters@1.0.0#make-pair") (param $start i64) (result i32)
    (i32.store (i32.const 64) (call $counter_new (call $new_rep (local.get $start))))
    (i32.store (i32.const 68) (call $counter_new (call $new_rep (i64.add (local.get $start) (i64.const 1)))))
    (i32.const 64))

  ;; takes ownership: reads the value, then drops the handle, which runs the destructor
  (func (export "test:res/counters@1.0.0#consume") (param $handle i32) (result i64)
    (local $v i64)
    (local.set $v (call $value (call $counter_rep (local.get $handle))))
    (call $counter_drop (local.get $handle))
    (local.get $v))

  ;; borrows of its own resource arrive as reps
  (func (export "test:res/counters@1.0.0#total") (param $ptr i32) (param $len i32) (result i64)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $sum (i64.add (local.get $sum) (call $value (i32.load (local.get $ptr)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "test:res/counters@1.0.0#live") (result i32)
    (global.get $live))

  (func (export "test:res/counters@1.0.0#cycle-counters") (param $times i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $times)))
        (call $counter_drop (call $counter_new (call $new_rep (i64.const 0))))
        (local.set $times (i32.sub (local.get $times) (i32.const 1)))
        (br $next))))

  ;; a borrowed log: write to it, read its size, drop the borrow before returning
  (func (export "test:res/counters@1.0.0#use-log") (param $log i32) (param $ptr i32) (param $len i32) (result i32)
    (local $size i32)
    (call $log_append (local.get $log) (local.get $ptr) (local.get $len))
    (local.set $size (call $log_size (local.get $log)))
    (call $log_drop (local.get $log))
    (local.get $size))

  ;; an owned log: use it, then drop it, which closes it on the host
  (func (export "test:res/counters@1.0.0#adopt-log") (param $log i32) (result i32)
    (local $size i32)
    (call $log_append (local.get $log) (i32.const 256) (i32.const 6))
    (local.set $size (call $log_size (local.get $log)))
    (call $log_drop (local.get $log))
    (local.get $size))

  ;; makes a log through the host's constructor and gives it back to the host
  (func (export "test:res/counters@1.0.0#new-log") (param $ptr i32) (param $len i32) (result i32)
    (call $log_new (local.get $ptr) (local.get $len)))

  ;; keeps an owned log without ever dropping it
  (func (export "test:res/counters@1.0.0#hold-log") (param $log i32)
    (global.set $held (local.get $log)))

  (func (export "test:res/counters@1.0.0#cycle-logs") (param $times i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $times)))
        (call $log_drop (call $log_new (i32.const 256) (i32.const 6)))
        (local.set $times (i32.sub (local.get $times) (i32.const 1)))
        (br $next))))

  ;; returns without dropping the borrow it was lent
  (func (export "test:res/counters@1.0.0#keep-log") (param $log i32) (param $ptr i32) (param $len i32) (result i32)
    (call $log_append (local.get $log) (local.get $ptr) (local.get $len))
    (i32.const 0))

  ;; uses a handle after dropping it
  (func (export "test:res/counters@1.0.0#use-dropped")
    (local $log i32)
    (local.set $log (call $log_new (i32.const 256) (i32.const 6)))
    (call $log_drop (local.get $log))
    (call $log_append (local.get $log) (i32.const 256) (i32.const 6)))

  ;; drops a handle while it is lent to the host: cabi_realloc drops it during describe
  (func (export "test:res/counters@1.0.0#drop-lent") (param $log i32)
    (global.set $drop_on_alloc (local.get $log))
    (call $log_describe (local.get $log) (i32.const 128)))

  ;; lends a handle and gives it away in the same call
  (func (export "test:res/counters@1.0.0#give-twice") (param $log i32)
    (call $log_absorb (local.get $log) (local.get $log)))

  ;; a handle it never received
  (func (export "test:res/counters@1.0.0#forge")
    (call $log_append (i32.const 12345) (i32.const 256) (i32.const 6)))

  ;; asks for the rep of a logbook handle as if it were a counter
  (func (export "test:res/counters@1.0.0#wrong-type") (param $log i32)
    (drop (call $counter_rep (local.get $log))))

  (func (export "test:res/counters@1.0.0#flood-counters")
    (loop $again
      (drop (call $counter_new (i32.const 1)))
      (br $again)))

  ;; gives away one log twice: a list of two copies of the same own handle, at 80
  (func (export "test:res/counters@1.0.0#twice-in-a-list") (result i32)
    (local $log i32)
    (local.set $log (call $log_new (i32.const 256) (i32.const 6)))
    (i32.store (i32.const 96) (local.get $log))
    (i32.store (i32.const 100) (local.get $log))
    (i32.store (i32.const 80) (i32.const 96))
    (i32.store (i32.const 84) (i32.const 2))
    (i32.const 80))

  (func (export "test:res/counters@1.0.0#flood-logs")
    (loop $again
      (drop (call $log_new (i32.const 256) (i32.const 6)))
      (br $again)))
)
