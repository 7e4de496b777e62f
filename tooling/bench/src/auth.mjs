// Digest authentication: @puresip/auth against the digest code of JsSIP and SIP.js, in one process.
//   cd tooling/bench && node src/run.mjs auth      (after `pnpm turbo run build`)
// The peers compute MD5 only (both refuse any other algorithm), from a challenge already parsed
// by their message parsers; puresip's `respond` is timed on the same parsed input, and each
// side also prints the Authorization value. The SHA-256 rows and the server rows have no peer.
import { createRequire } from "node:module";
import { parseChallenge, parseCredentials, printCredentials } from "@puresip/message";
import { Bench } from "tinybench";
import { DigestAuthentication as SipJsDigest } from "sip.js/lib/core/messages/digest-authentication.js";
import { createChallenge, respond, verify } from "@puresip/auth";

const require = createRequire(import.meta.url);
const JsSipDigest = require("jssip/lib/DigestAuthentication.js");

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const TIME = Number(process.env.BENCH_TIME_MS ?? 500);

const measure = async (tasks) => {
  const bench = new Bench({ time: TIME, warmupTime: 200 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  for (const t of bench.tasks) if (t.result.error !== undefined) throw t.result.error;
  return Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.throughput.mean]));
};

const right = (r) => {
  if (r._tag === "Left") throw new Error(JSON.stringify(r.left));
  return r.right;
};

// RFC 2617 §3.5's challenge and request.
const challengeText = 'Digest realm="testrealm@host.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
const md5Challenge = right(parseChallenge(challengeText));
const peerChallenge = { realm: "testrealm@host.com", qop: ["auth"], nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque: "5ccc069c403ebaf9f0171e9517f40e41" };
const request = { username: "Mufasa", secret: { _tag: "Password", password: "Circle Of Life" }, method: "GET", uri: "/dir/index.html", nc: 1, cnonce: "0a4f113b" };
const silent = { getLogger: () => ({ debug() {}, log() {}, warn() {}, error() {} }) };

// Every side must compute the RFC's response before it is timed.
const EXPECTED = "6629fae49393a05397450978507c4ef1";
if (right(respond({ ...request, challenge: md5Challenge })).response !== EXPECTED) throw new Error("puresip: wrong response");
{
  const j = new JsSipDigest({ username: "Mufasa", password: "Circle Of Life" });
  j.authenticate({ method: "GET", ruri: "/dir/index.html" }, peerChallenge, "0a4f113b");
  if (j._response !== EXPECTED) throw new Error("JsSIP: wrong response");
}

const sha = right(createChallenge({ realm: "biloxi.com", nonce: "ea9c8e88df84f1cec4341ae6cbe5a359", algorithms: ["SHA-256"] }));
const shaCredentials = printCredentials(right(respond({ ...request, challenge: sha.challenges[0], uri: "sip:biloxi.com", method: "REGISTER" })));
const account = { secret: request.secret, method: "REGISTER" };

export async function run() {
  const client = await measure({
    puresip: () => printCredentials(right(respond({ ...request, challenge: md5Challenge }))),
    JsSIP: () => {
      const j = new JsSipDigest({ username: "Mufasa", password: "Circle Of Life" });
      j.authenticate({ method: "GET", ruri: "/dir/index.html" }, peerChallenge, "0a4f113b");
      return j.toString();
    },
    "SIP.js": () => {
      const s = new SipJsDigest(silent, undefined, "Mufasa", "Circle Of Life");
      s.authenticate({ method: "GET", ruri: "/dir/index.html" }, peerChallenge);
      return s.toString();
    },
  });
  const ours = await measure({
    "client, SHA-256: parseChallenge + respond + printCredentials": () =>
      printCredentials(right(respond({ ...request, challenge: right(parseChallenge(challengeText.replace("qop=", "algorithm=SHA-256, qop="))) }))),
    "server, SHA-256: parseCredentials + verify": () => verify(right(parseCredentials(shaCredentials)), account, sha.state),
  });
  const out = [];
  out.push("## auth", "", "Command: `cd tooling/bench && node src/run.mjs auth` (after `pnpm turbo run build`).", "");
  out.push(
    "Answering RFC 2617 §3.5's MD5 challenge (qop=auth) from a parsed challenge and printing the Authorization value.",
    "JsSIP and SIP.js support MD5 only; the figures are dominated by the three MD5 computations each side makes.",
    "",
  );
  out.push("### Client response, MD5 (responses/s)", "");
  out.push("| puresip | JsSIP | SIP.js | puresip ÷ JsSIP | puresip ÷ SIP.js |");
  out.push("|---:|---:|---:|---:|---:|");
  out.push(`| ${fmt(client.puresip)} | ${fmt(client.JsSIP)} | ${fmt(client["SIP.js"])} | ${(client.puresip / client.JsSIP).toFixed(2)}x | ${(client.puresip / client["SIP.js"]).toFixed(2)}x |`);
  out.push("", "### puresip only, SHA-256 (operations/s)", "");
  out.push("| operation | ops/s |", "|---|---:|");
  for (const [name, hz] of Object.entries(ours)) out.push(`| ${name} | ${fmt(hz)} |`);
  out.push("");
  return out.join("\n");
}
