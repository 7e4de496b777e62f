// The size budget of issue #18: what a browser pays for puresip, minified by esbuild and
// gzipped (level 9), per package and for a typical browser UA (createPhone: message +
// transaction + dialog + sdp + ua + kernel + web, with fp-ts and io-ts). Prints a Markdown
// table; `test/size.test.ts` holds the budget. Peers measured the same way when installed.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

/** Bundles `contents` (an entry module's source) for the browser; minified and gzipped octets. */
export const measure = async (contents) => {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
    alias: { "@puresip/web": `${root}src/index.ts`, "@puresip/web/webrtc": `${root}src/webrtc/index.ts` },
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
};

/** A page that creates a phone, registers and calls: what a softphone ships. */
export const typicalUa = `import { createPhone } from "@puresip/web";
const phone = await createPhone({ server: "wss://sip.example.com", aor: "sip:alice@example.com" });
phone.on("IncomingCall", (e) => phone.answer(e.call));
await phone.register();
const call = await phone.call("sip:bob@example.com");
await phone.hold(call);
phone.hangup(call);`;

export const entries = [
  ["typical browser UA (createPhone)", typicalUa],
  ["typical browser UA + @puresip/web/webrtc", `${typicalUa}\nimport { offerBody, acceptAnswer, answerBody } from "@puresip/web/webrtc";\nglobalThis.glue = [offerBody, acceptAnswer, answerBody];`],
  ["all of @puresip/message", `export * from "@puresip/message";`],
  ["all of @puresip/sdp", `export * from "@puresip/sdp";`],
  ["all of @puresip/transaction", `export * from "@puresip/transaction";`],
  ["all of @puresip/dialog", `export * from "@puresip/dialog";`],
  ["all of @puresip/ua", `export * from "@puresip/ua";`],
  ["all of @puresip/web", `export * from "@puresip/web";`],
  ["fp-ts + io-ts as puresip imports them (Either, Option, function, io-ts)", `export * as E from "fp-ts/lib/Either.js"; export * as O from "fp-ts/lib/Option.js"; export * from "fp-ts/lib/function.js"; export * as t from "io-ts";`],
];

/** SIP.js and JsSIP, when present in node_modules, bundled the same way. */
export const peers = [
  ["SIP.js (whole package)", "sip.js", `export * from "sip.js";`],
  ["JsSIP (whole package)", "jssip", `export { default } from "jssip";`],
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => (n / 1024).toFixed(1);
  console.log("| bundle | minified (KiB) | min+gzip (KiB) |\n|---|---:|---:|");
  for (const [name, contents] of entries) {
    const m = await measure(contents);
    console.log(`| ${name} | ${kb(m.minified)} | ${kb(m.gzipped)} |`);
  }
  for (const [name, pkg, contents] of peers) {
    if (!existsSync(`${root}node_modules/${pkg}`)) continue;
    const m = await measure(contents);
    console.log(`| ${name} | ${kb(m.minified)} | ${kb(m.gzipped)} |`);
  }
  void here;
}
