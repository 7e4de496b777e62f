#!/usr/bin/env node
// Runs one target on one input and prints what breaks: node src/replay.mjs <target> <file>
import { readFileSync } from "node:fs";
import { targets } from "./targets.mjs";

const [name, file] = process.argv.slice(2);
const entry = targets[name ?? ""];
if (entry === undefined || file === undefined) {
  console.error(`usage: node src/replay.mjs <${Object.keys(targets).join("|")}> <file>`);
  process.exit(2);
}
const input = new Uint8Array(readFileSync(file));
console.log(JSON.stringify(new TextDecoder().decode(input)));
entry[0](input);
console.log("no finding");
