;; Implements test:abi/evil#take-string, but its allocator returns a pointer outside memory.
(module
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0xFFFF0000))
  (func (export "test:abi/evil@1.0.0#take-string") (param i32 i32))
)
