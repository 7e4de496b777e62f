#!/usr/bin/env node
// Writes the seed corpora under corpus/<target>/ from the RFC 4475 and RFC 5118 torture
// messages (../shared/corpus) and the packages' test fixtures. Run again after adding fixtures;
// the files are committed so CI fuzzes from the same start.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
const repo = join(here, "..", "..");
const shared = process.env.PURESIP_CORPUS ?? join(repo, "..", "shared", "corpus");
const enc = new TextEncoder();
const latin = new TextDecoder("latin1");

const datagrams = [];
for (const set of ["rfc4475", "rfc5118"]) {
  const dir = join(shared, set);
  if (!existsSync(dir)) throw new Error(`no corpus at ${dir} (set PURESIP_CORPUS)`);
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".dat")).sort()) datagrams.push([`${set}-${f.replace(/\.dat$/, "")}`, new Uint8Array(readFileSync(join(dir, f)))]);
}

/** Double-quoted string literals in a test source, decoded as JavaScript would. */
const literals = (file) => {
  const src = readFileSync(join(repo, file), "utf8");
  return [...src.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => {
    try {
      return JSON.parse(`"${m[1]}"`);
    } catch {
      return undefined;
    }
  }).filter((s) => s !== undefined);
};
const linesBlocks = (file) => {
  const src = readFileSync(join(repo, file), "utf8");
  return [...src.matchAll(/crlf\(\[([\s\S]*?)\]\)/g)].map((m) => [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => `${JSON.parse(`"${q[1]}"`)}\r\n`).join(""));
};

const out = { message: [], framer: [], uri: [], sdp: [], digest: [], transaction: [], conference: [] };
const add = (target, name, data) => out[target].push([name, typeof data === "string" ? enc.encode(data) : data]);

for (const [name, bytes] of datagrams) add("message", name, bytes);
const invite = literals("packages/message/README.md").length > 0 ? readFileSync(join(repo, "packages/message/README.md"), "utf8") : "";
const readmeMessages = [...invite.matchAll(/\[\n((?:\s+"[^\n]*",\n)+)\s+\]\.join\("\\r\\n"\)/g)].map((m) => [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => JSON.parse(`"${q[1]}"`)).join("\r\n"));
readmeMessages.forEach((m, i) => add("message", `readme-${i}`, m));

// Streams: two or three torture messages back to back, keep-alives between them.
for (let i = 0; i + 2 < datagrams.length; i += 3) {
  const parts = [datagrams[i][1], enc.encode("\r\n\r\n"), datagrams[i + 1][1], enc.encode("\r\n"), datagrams[i + 2][1]];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) (joined.set(p, at), (at += p.length));
  add("framer", `stream-${i}`, joined);
}
readmeMessages.forEach((m, i) => add("framer", `readme-${i}`, m + m));

// URIs: every one written in the torture messages, and the URI tests' literals.
const uris = new Set();
for (const [, bytes] of datagrams) for (const m of latin.decode(bytes).matchAll(/\b(?:sips?|tel|urn|mailto|http):[^\s<>"',]+/gi)) uris.add(m[0]);
for (const s of literals("packages/message/test/uri.test.ts")) if (/^[a-z][a-z0-9+.-]*:/i.test(s)) uris.add(s);
for (const s of literals("packages/message/test/uri-compare.test.ts")) if (/^[a-z][a-z0-9+.-]*:/i.test(s)) uris.add(s);
[...uris].sort().slice(0, 400).forEach((u, i) => add("uri", `uri-${i}`, u));

// SDP: bodies of the torture messages and the sdp package's fixtures.
for (const [name, bytes] of datagrams) {
  const text = latin.decode(bytes);
  const at = text.indexOf("\r\n\r\nv=0");
  if (at >= 0) add("sdp", name, text.slice(at + 4));
}
for (const f of ["packages/sdp/test/fixtures/real-world.ts", "packages/sdp/test/fixtures/rfc.ts"]) linesBlocks(f).forEach((b, i) => add("sdp", `${f.split("/").pop()}-${i}`, b));

// Conference information: the RFC 4575 §7 examples the conference package's tests read.
for (const f of ["rfc4575-7.1-basic.xml", "rfc4575-7.2-rich.xml"]) add("conference", f, readFileSync(join(repo, "packages/conference/test/fixtures", f)));

// Digest: challenge, credentials and Authentication-Info values from the corpus and the auth tests.
const digests = new Set();
for (const [, bytes] of datagrams) for (const m of latin.decode(bytes).matchAll(/^(?:WWW-Authenticate|Proxy-Authenticate|Authorization|Proxy-Authorization|Authentication-Info):\s*(.*(?:\r\n[ \t].*)*)/gim)) digests.add(m[1].replace(/\r\n[ \t]+/g, " "));
for (const f of ["packages/message/test/headers-auth.test.ts", "packages/auth/test/server.test.ts", "packages/auth/test/client.test.ts"]) {
  if (!existsSync(join(repo, f))) continue;
  for (const s of literals(f)) if (/^(Digest|Basic|Bearer|nextnonce|qop|rspauth)\b/i.test(s)) digests.add(s);
}
for (const d of [
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
  'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  'nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001',
  'Basic realm="WallyWorld"',
  'Bearer realm="example", error="invalid_token"',
]) digests.add(d);
[...digests].sort().forEach((d, i) => add("digest", `auth-${i}`, d));

// Transaction: event scripts (see transaction-target.mjs): an INVITE answered, a BYE, retransmissions, ticks.
const scripts = [
  [0, 0, 0, 0, 3, 0, 3, 4, 0, 0, 0, 0, 0, 4, 0, 255, 255],
  [1, 0, 1, 0, 2, 0, 1, 3, 0, 2, 0, 1, 4, 4, 0, 1, 0, 4, 0, 255, 255],
  [0, 1, 2, 1, 0, 1, 2, 1, 3, 1, 0, 6, 4, 0, 40, 0],
  [1, 1, 3, 0, 2, 1, 3, 0, 0, 5, 0, 0, 0, 7, 0, 0, 9],
  [0, 0, 0, 128, 0, 0, 0, 3, 3, 0, 0, 9, 4, 1, 0, 16, 0],
];
scripts.forEach((s, i) => add("transaction", `script-${i}`, Uint8Array.from(s)));

for (const [target, entries] of Object.entries(out)) {
  const dir = join(here, "corpus", target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = new Set();
  for (const [name, data] of entries) {
    const id = createHash("sha1").update(data).digest("hex").slice(0, 8);
    if (names.has(id)) continue;
    names.add(id);
    writeFileSync(join(dir, `${name.replace(/[^a-zA-Z0-9.-]/g, "_")}-${id}`), data);
  }
  console.log(`${target}: ${names.size} seeds`);
}
