#!/usr/bin/env bash
# Rebuilds the sample's component artifacts into ../src/main/resources/components/.
# The built .wasm files are committed, so running the sample needs none of this.
#
# Needs Debian packages: wabt (wat2wasm), clang, lld, wasi-libc, libclang-rt-14-dev-wasm32;
#   apt-get install wabt clang lld wasi-libc libclang-rt-14-dev-wasm32
# and the airssys-wasm CLI (mvn -B package -pl airssys-wasm-cli -am -DskipTests).
set -euo pipefail
cd "$(dirname "$0")"
out=../src/main/resources/components
cli="java -jar ../../airssys-wasm-cli/target/airssys-wasm.jar"
mkdir -p "$out" build

# greeter (WAT): one artifact per version, differing in their greeting; 2.1.0 is a broken release
for entry in "1.0.0:Hello, " "2.0.0:Howdy, " "2.1.0:Hi there, "; do
  version=${entry%%:*}
  prefix=${entry#*:}
  guard=""
  if [ "$version" = "2.1.0" ]; then guard="unreachable"; fi
  sed -e "s/{{PREFIX}}/$prefix/" -e "s/{{PREFIX_LEN}}/${#prefix}/g" -e "s/{{GUARD}}/$guard/" \
    greeter/greeter.wat.template > build/greeter-$version.wat
  wat2wasm build/greeter-$version.wat -o build/greeter-$version.core.wasm
  $cli package build/greeter-$version.core.wasm -m greeter/Component-$version.toml -w greeter/greeter.wit \
    -o "$out/greeter-$version.wasm"
done

# text-stats (C): a component project, built with generated bindings (clang for wasm32-wasi)
$cli build -C text-stats
cp text-stats/build/text-stats-1.0.0.wasm "$out/text-stats-1.0.0.wasm"

# shop (C): imports the application's catalog host interface, whose WIT the application keeps too
$cli build -C shop
cp shop/build/shop-1.0.0.wasm "$out/shop-1.0.0.wasm"
cp shop/wit/shop.wit ../src/main/resources/wit/shop.wit

ls -l "$out"
