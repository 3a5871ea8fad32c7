// Writes the dummy core module wasm-tools' `component embed --dummy` makes for a world: every
// import and export the world has, named in the standard (cm32p2) mangling.
import { componentEmbed } from "@bytecodealliance/jco-transpile/wasm-tools";
import fs from "node:fs";

const [witFile, world, output] = process.argv.slice(2);
const module = await componentEmbed({ witSource: fs.readFileSync(witFile, "utf8"), dummy: true, world });
fs.writeFileSync(output, module);
