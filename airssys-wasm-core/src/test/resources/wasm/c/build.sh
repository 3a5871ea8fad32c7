#!/usr/bin/env bash
# Rebuilds wasi_files.wasm from wasi_files.c; the .wasm is committed so the tests need no C compiler.
# Needs: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
set -euo pipefail
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wl,--strip-debug \
  -o wasi_files.wasm wasi_files.c
