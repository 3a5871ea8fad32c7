#!/usr/bin/env bash
# Rebuilds the jco-made fixtures (committed, so the tests need no Node.js):
#   standard-dummy.wasm      core module for standard.wit, as `jco embed --dummy` makes it
#                            (wasm-tools' component embed, standard cm32p2 names)
#   standard-component.wasm  that module wrapped as a component by `jco new`
# Needs Node.js and the npm registry; jco is installed into a temporary directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact @bytecodealliance/jco@1.35.0 >/dev/null
cp "$here/embed.mjs" .
node embed.mjs "$here/standard.wit" standard "$here/standard-dummy.wasm"
npx jco new "$here/standard-dummy.wasm" -o "$here/standard-component.wasm"
