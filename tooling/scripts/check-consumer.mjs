// The packages as an application gets them (issue #18, "Packaging for the ecosystem"): a
// throw-away project installs the packed tarballs of a typical browser UA (message, kernel, sdp,
// transaction, dialog, auth, ua, web) with npm, beside its own fp-ts and io-ts at the lowest
// versions the peer ranges allow, and must end up with exactly one fp-ts (the application's:
// fp-ts and io-ts are peer dependencies, and io-ts's own fp-ts peer is that copy too), a tree
// `npm ls` finds no fault in, and packages that load and work on those versions. Called by
// check-release.mjs with the tarballs it packed; npm reaches only the npm registry (cache first).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The packages of a typical browser UA (the size budget's set, BENCHMARKS.md). */
export const BROWSER_UA = ["@puresip/message", "@puresip/kernel", "@puresip/sdp", "@puresip/transaction", "@puresip/dialog", "@puresip/auth", "@puresip/ua", "@puresip/web"];
/** The application's own copies: the floor of the packages' peer ranges (^2.16.0, ^2.2.20). */
const OWN = { "fp-ts": "2.16.0", "io-ts": "2.2.20" };

/** Every `<dir>/node_modules/.../<name>/package.json` under `dir`, nested ones included. */
export const copiesOf = (dir, name) => {
  const found = [];
  const walk = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const packages = entry.name.startsWith("@") ? readdirSync(join(modules, entry.name), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(modules, entry.name, e.name)) : [join(modules, entry.name)];
      for (const p of packages) {
        const manifest = join(p, "package.json");
        if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === name) found.push(p);
        walk(join(p, "node_modules"));
      }
    }
  };
  walk(join(dir, "node_modules"));
  return found;
};

// Loads the installed packages on the application's fp-ts and uses them once.
const SMOKE = `
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, printUri } from "@puresip/message";
import { createPhone } from "@puresip/web";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
const m = parseMessage("OPTIONS sip:bob@example.com SIP/2.0\\r\\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\\r\\nMax-Forwards: 70\\r\\nFrom: <sip:a@example.com>;tag=1\\r\\nTo: <sip:bob@example.com>\\r\\nCall-ID: c\\r\\nCSeq: 1 OPTIONS\\r\\nContent-Length: 0\\r\\n\\r\\n");
if (!E.isRight(m) || m.right._tag !== "Request" || printUri(m.right.uri) !== "sip:bob@example.com") throw new Error("parseMessage did not read the OPTIONS");
if (typeof createPhone !== "function" || typeof defaultRegistrarConfig.maxAors !== "number") throw new Error("the browser UA's exports are missing");
console.log("consumer smoke: ok");
`;

/** Installs `tarballs` (name → .tgz path) into a fresh consumer project; the problems found, none when it passes. */
export const checkConsumer = (tarballs) => {
  const missing = BROWSER_UA.filter((n) => !tarballs.has(n));
  if (missing.length > 0) return [`no tarball for ${missing.join(", ")}`];
  const dir = mkdtempSync(join(tmpdir(), "puresip-consumer-"));
  try {
    const dependencies = { ...OWN, ...Object.fromEntries(BROWSER_UA.map((n) => [n, `file:${tarballs.get(n)}`])) };
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "puresip-consumer", version: "1.0.0", private: true, type: "module", dependencies }, null, 2));
    writeFileSync(join(dir, "smoke.mjs"), SMOKE);
    const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
    const npm = (args) => spawnSync("npm", args, { cwd: dir, encoding: "utf8", env, timeout: 300_000 });
    const installed = npm(["install", "--prefer-offline", "--ignore-scripts", "--no-package-lock", "--loglevel=error"]);
    if (installed.status !== 0) return [`npm install of the tarballs failed: ${(installed.stderr || installed.stdout || String(installed.error)).trim().split("\n").slice(-3).join(" | ")}`];
    const problems = [];
    const fpts = copiesOf(dir, "fp-ts");
    const versions = fpts.map((p) => JSON.parse(readFileSync(join(p, "package.json"), "utf8")).version);
    if (fpts.length !== 1) problems.push(`fp-ts is installed ${String(fpts.length)} times (${versions.join(", ")}), not once`);
    else if (versions[0] !== OWN["fp-ts"]) problems.push(`the one fp-ts is ${String(versions[0])}, not the application's ${OWN["fp-ts"]}`);
    const iots = copiesOf(dir, "io-ts");
    if (iots.length !== 1) problems.push(`io-ts is installed ${String(iots.length)} times, not once`);
    // Missing or unmet peers (io-ts's fp-ts among them) make `npm ls` exit non-zero.
    const listed = npm(["ls", "--all", "--json"]);
    if (listed.status !== 0) problems.push(`npm ls finds faults: ${JSON.stringify(JSON.parse(listed.stdout || "{}").problems ?? listed.stderr.trim())}`);
    const smoke = spawnSync(process.execPath, ["smoke.mjs"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    if (smoke.status !== 0) problems.push(`the installed packages do not load on fp-ts ${OWN["fp-ts"]}: ${smoke.stderr.trim().split("\n").slice(0, 3).join(" | ")}`);
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
