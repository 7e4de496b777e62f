// The fuzz targets. Each takes the octets the fuzzer made and throws when a rule breaks: a
// throw from puresip itself (nothing public may throw) or a failed `check`. The rules are the
// ones the packages' property tests state, asked of inputs no generator would write.
import { isDeepStrictEqual } from "node:util";
import * as E from "fp-ts/lib/Either.js";
import { createResponseFromRaw, initFramer, parseAuthenticationInfo, parseChallenge, parseCredentials, parseMessage, parseUri, printAuthenticationInfo, printChallenge, printCredentials, printUri, push, serializeMessage, uriEquals, validateMessage } from "@puresip/message";
import { peekMessage } from "@puresip/message/peek";
import { parseSdp, serializeSdp } from "@puresip/sdp";
import { parseConferenceInfo, printConferenceInfo } from "@puresip/conference";
import { check } from "./check.mjs";
import { transactionTarget } from "./transaction-target.mjs";


const strict = new TextDecoder("utf-8", { fatal: true });
const lossy = new TextDecoder("utf-8");
const utf8 = (bytes) => {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
};
const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const TAG = "fuzz1";

const tagOf = (na) => {
  const p = na.params.find((q) => q.name.toLowerCase() === "tag");
  return p === undefined ? undefined : (p.value ?? "");
};

/** peekMessage's contract with parseMessage (packages/message/test/peek-agreement.ts), the parts that need no scanner internals. */
const peekAgrees = (input, full) => {
  const peek = peekMessage(input);
  if (E.isLeft(peek)) {
    if (E.isRight(full)) {
      const { via, from, to, callId, cseq } = full.right.core;
      const missing = via[0] === undefined || from === undefined || to === undefined || callId === undefined || cseq === undefined;
      check(missing && peek.left.kind === "CoreHeader", `peekMessage refused what parseMessage accepts: ${peek.left.detail}`);
    }
    return;
  }
  if (E.isLeft(full)) {
    check(!["Empty", "StartLine", "RequestUri"].includes(full.left.kind), `peekMessage accepted a message whose start line parseMessage refuses: ${full.left.detail}`);
    check(!(full.left.kind === "CoreHeader" && /^(Call-ID|CSeq):/.test(full.left.detail)), `peekMessage accepted a Call-ID or CSeq parseMessage refuses: ${full.left.detail}`);
    return;
  }
  const m = full.right;
  const p = peek.right;
  const { via, from, to, callId, cseq } = m.core;
  if (via[0] === undefined || from === undefined || to === undefined || callId === undefined || cseq === undefined) return;
  check(isDeepStrictEqual(p.topVia, via[0]), "peekMessage's top Via differs from parseMessage's");
  check(p.callId === callId && isDeepStrictEqual(p.cseq, cseq), "peekMessage's Call-ID or CSeq differs");
  check(p.fromTag === tagOf(from) && p.toTag === tagOf(to), "peekMessage's tags differ");
  check(m._tag === "Request" ? p._tag === "RequestPeek" && p.method === m.method : p._tag === "ResponsePeek" && p.status === m.status, "peekMessage's start line differs");
};

/** parseMessage: never throws; what parses prints stably; string and octets agree; peekMessage keeps its contract; every 400 built from a failure is itself well formed. */
const message = (bytes) => {
  const full = parseMessage(bytes);
  peekAgrees(bytes, full);
  const text = utf8(bytes);
  if (text !== undefined) {
    const fromText = parseMessage(text);
    check(E.isRight(fromText) === E.isRight(full), `a string and its octets parse differently: ${E.isLeft(full) ? full.left.detail : E.isLeft(fromText) ? fromText.left.detail : ""}`);
    if (E.isRight(fromText) && E.isRight(full)) check(isDeepStrictEqual(fromText.right.headers, full.right.headers) && isDeepStrictEqual(fromText.right.core, full.right.core), "a string and its octets parse to different messages");
    peekAgrees(text, fromText);
  } else parseMessage(lossy.decode(bytes));
  const strictly = parseMessage(bytes, { strict: true });
  check(!(E.isRight(strictly) && E.isLeft(full)), "the strict option accepts what the lenient rule refuses");
  if (E.isRight(full)) {
    const valid = validateMessage(full.right);
    if (E.isLeft(valid) && full.right._tag === "Request") wellFormedAnswer({ startLine: "", headers: full.right.headers }, valid.left.problems[0].detail);
    const printed = serializeMessage(full.right);
    const again = parseMessage(printed);
    check(E.isRight(again), `a parsed message prints to text that does not parse: ${E.isLeft(again) ? again.left.detail : ""}`);
    if (E.isRight(again)) {
      check(sameBytes(serializeMessage(again.right), printed), "printing is not stable: print, parse, print differs");
      // Printing appends a Content-Length when there was none (§20.14): the rest of core stays.
      const { contentLength: _a, ...before } = full.right.core;
      const { contentLength: _b, ...after } = again.right.core;
      check(isDeepStrictEqual(after, before), "core differs after print and parse");
    }
    return;
  }
  const framed = full.left.framed;
  if (framed === undefined || framed.startLine.startsWith("SIP/")) return;
  wellFormedAnswer(framed, full.left.detail);
};

/** The 400 built from a request's fields (as the node adapter answers) parses and prints stably. */
const wellFormedAnswer = (framed, detail) => {
  const answer = createResponseFromRaw(400, { toTag: TAG, reason: `Bad Request - ${detail}` })(framed);
  if (E.isLeft(answer)) return;
  const printed = serializeMessage(answer.right);
  const reparsed = parseMessage(printed);
  check(E.isRight(reparsed), `the 400 to a malformed request does not parse: ${E.isLeft(reparsed) ? reparsed.left.detail : ""}`);
  if (E.isRight(reparsed)) check(sameBytes(serializeMessage(reparsed.right), printed), "the 400 to a malformed request does not print stably");
};

// A pong is reported as soon as a CRLF ends the buffer (RFC 5626 §4.4.1), so a ping cut in
// half shows a pong first: pongs are left out, as in packages/message/test/framer.prop.test.ts.
const outputsOf = (outs) =>
  outs.filter((o) => o._tag !== "Pong").map((o) => (o._tag === "Message" ? `M${lossy.decode(serializeMessage(o.message))}` : o._tag === "Invalid" || o._tag === "FramingError" ? `${o._tag}:${o.error.kind}:${o.error.detail}` : o._tag));

/** The stream framer: whole, byte by byte, and in chunks cut where the input says give the same outputs. */
const framer = (bytes) => {
  let stores = new Set();
  const run = (chunks) => {
    let state = initFramer();
    const all = [];
    stores = new Set();
    for (const c of chunks) {
      const [next, outs] = push(state, c);
      state = next;
      all.push(...outs);
      stores.add(state.buffer.buffer);
    }
    // A CRLF that ended a push was reported as a pong and remembered (halfPing): count its two
    // octets as still pending, as the whole push holds them (finding framer-154649ecf9c64eaa).
    return { outs: outputsOf(all), rest: state.buffer.length + (state.halfPing === true ? 2 : 0), failed: state.failed !== undefined };
  };
  const whole = run([bytes]);
  const single = run(Array.from(bytes, (b) => Uint8Array.of(b)));
  check(isDeepStrictEqual(whole, single), "byte-by-byte framing differs from whole");
  // One octet per push must not copy the buffer each time (O(n²), the first finding): the
  // buffer's store is reused, about log2(n) stores plus one per message.
  const messages = single.outs.length;
  check(stores.size <= 2 * Math.log2(bytes.length + 2) + 2 * messages + 8, `byte-by-byte framing used ${stores.size} buffer stores for ${bytes.length} octets`);
  const cuts = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const len = 1 + ((bytes[i % bytes.length] * 31 + i) % 97);
    cuts.push(bytes.subarray(at, at + len));
    at += len;
  }
  check(isDeepStrictEqual(whole, run(cuts)), "chunked framing differs from whole");
};

/** parseUri: never throws; a URI prints to text that parses to an equal URI and prints the same; strict accepts less. */
const uri = (bytes) => {
  const text = lossy.decode(bytes);
  const u = parseUri(text);
  const s = parseUri(text, { strict: true });
  check(!(E.isRight(s) && E.isLeft(u)), "the strict option accepts what the lenient rule refuses");
  if (E.isLeft(u)) return;
  const printed = printUri(u.right);
  const again = parseUri(printed);
  check(E.isRight(again), `a parsed URI prints to text that does not parse: ${printed}`);
  if (E.isRight(again)) {
    check(printUri(again.right) === printed, "URI printing is not stable");
    check(uriEquals(u.right, again.right) && uriEquals(again.right, u.right), "a URI is not equal to itself printed and parsed");
  }
};

/** parseSdp: never throws; a description prints to text that parses and prints the same. */
const sdp = (bytes) => {
  const r = parseSdp(lossy.decode(bytes));
  if (E.isLeft(r)) return;
  const printed = serializeSdp(r.right);
  const again = parseSdp(printed);
  check(E.isRight(again), `a parsed SDP prints to text that does not parse: ${E.isLeft(again) ? again.left.reason ?? JSON.stringify(again.left) : ""}`);
  if (E.isRight(again)) {
    check(serializeSdp(again.right) === printed, "SDP printing is not stable");
    check(isDeepStrictEqual(again.right, r.right), "a parsed SDP differs from itself printed and parsed");
  }
};

/** The digest header parsers (RFC 7616, RFC 3261 §22): never throw; print then parse gives the same value. */
const digest = (bytes) => {
  const text = lossy.decode(bytes);
  for (const [parse, print] of [
    [parseChallenge, printChallenge],
    [parseCredentials, printCredentials],
    [parseAuthenticationInfo, printAuthenticationInfo],
  ]) {
    const r = parse(text);
    if (E.isLeft(r)) continue;
    const printed = print(r.right);
    const again = parse(printed);
    check(E.isRight(again), `a parsed auth header prints to text that does not parse: ${printed}`);
    if (E.isRight(again)) check(isDeepStrictEqual(again.right, r.right) && print(again.right) === printed, `auth header print/parse is not stable: ${printed}`);
  }
};

/** RFC 4575 conference-info bodies: parsing octets never throws; a document prints to XML that parses to the same document. */
const conference = (bytes) => {
  const r = parseConferenceInfo(bytes);
  if (E.isLeft(r)) return;
  const printed = printConferenceInfo(r.right);
  const again = parseConferenceInfo(printed);
  check(E.isRight(again), `a parsed conference-info prints to XML that does not parse: ${E.isLeft(again) ? JSON.stringify(again.left) : ""}`);
  if (E.isRight(again)) check(isDeepStrictEqual(again.right, r.right), "a parsed conference-info differs from itself printed and parsed");
};

/** name → [run, max input octets]. */
export const targets = {
  message: [message, 8192],
  framer: [framer, 4096],
  uri: [uri, 512],
  sdp: [sdp, 4096],
  digest: [digest, 1024],
  transaction: [transactionTarget, 2048],
  conference: [conference, 8192],
};
