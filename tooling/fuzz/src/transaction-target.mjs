// The transaction layer fed sequences of fuzzed events: requests and responses from a few
// templates (a small set of branches, so events meet the same transactions), raw fuzzed
// datagrams that happen to parse, TU answers, transport errors and clock ticks. Rules: the
// layer never throws; an entry stored without a deadline is one waiting for its TU (a server
// transaction before its final response, an INVITE client in Proceeding, §17.1.1.2 and RFC 3261
// §9.1); once the TU has answered or given up on each, time alone empties the store.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createResponse, parseMessage } from "@puresip/message";
import { defaultLayerConfig, isTerminated, step } from "@puresip/transaction";
import { check } from "./check.mjs";

const layer = step(defaultLayerConfig);
const TRACE = process.env.FUZZ_TRACE === "1";
const METHODS = ["INVITE", "BYE", "OPTIONS", "CANCEL", "ACK", "REGISTER"];
const STATUSES = [100, 180, 183, 200, 202, 300, 401, 404, 408, 481, 486, 487, 500, 503, 603, 699];
const PEERS = [
  { transport: "UDP", host: "192.0.2.1", port: 5060 },
  { transport: "TCP", host: "192.0.2.2", port: 5060 },
];

const request = (method, branch, cseqMethod, transport, toTag) =>
  parseMessage(
    [
      `${method} sip:bob@192.0.2.9 SIP/2.0`,
      `Via: SIP/2.0/${transport} 192.0.2.1:5060;branch=z9hG4bK${branch}`,
      "Max-Forwards: 70",
      `To: <sip:bob@192.0.2.9>${toTag ? ";tag=callee" : ""}`,
      "From: <sip:alice@192.0.2.1>;tag=caller",
      "Call-ID: fuzz@192.0.2.1",
      `CSeq: 1 ${cseqMethod}`,
      "Contact: <sip:alice@192.0.2.1>",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  );

const response = (status, branch, method, transport) =>
  parseMessage(
    [
      `SIP/2.0 ${status} Whatever`,
      `Via: SIP/2.0/${transport} 192.0.2.1:5060;branch=z9hG4bK${branch}`,
      "To: <sip:bob@192.0.2.9>;tag=callee",
      "From: <sip:alice@192.0.2.1>;tag=caller",
      "Call-ID: fuzz@192.0.2.1",
      `CSeq: 1 ${method}`,
      "Contact: <sip:bob@192.0.2.9>",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  );

/** Entries that may wait without a timer: each needs its TU (an answer, or Destroy). */
const waitsForTu = (tx) =>
  (tx._tag === "NonInviteServer" && (tx.state._tag === "Trying" || tx.state._tag === "Proceeding")) ||
  (tx._tag === "InviteServer" && tx.state._tag === "Proceeding") ||
  (tx._tag === "InviteClient" && tx.state._tag === "Proceeding");

export const transactionTarget = (bytes) => {
  let i = 0;
  const byte = () => bytes[i++] ?? 0;
  const store = new Map();
  const deadlines = new Map();
  const requests = new Map();
  let now = 0;
  const apply = (event) => {
    const effects = layer(store, event);
    if (TRACE) console.log(event._tag, event.key ?? (event.message ? `${event.message.method ?? event.message.status} ${event.message.core.via[0]?.params.map((p) => p.value).join()}` : ""), "→", effects.map((e) => `${e._tag}${e.key ? ` ${e.key}` : ""}${e._tag === "Store" ? ` ${e.transaction.state._tag} ${e.deadline._tag}` : ""}${e.reason ? ` (${e.reason})` : ""}`).join("; "));
    for (const e of effects) {
      if (e._tag === "Store") {
        store.set(e.key, e.transaction);
        if (O.isSome(e.deadline)) deadlines.set(e.key, e.deadline.value);
        else {
          deadlines.delete(e.key);
          check(isTerminated(e.transaction) || waitsForTu(e.transaction), `stored without a deadline and not waiting for its TU: ${e.transaction._tag} ${e.transaction.state._tag}`);
        }
      } else if (e._tag === "Forget") {
        store.delete(e.key);
        deadlines.delete(e.key);
        requests.delete(e.key);
      } else if (e._tag === "NewRequest") requests.set(e.key, e.request);
    }
  };
  const someKey = () => {
    const keys = [...store.keys()];
    return keys.length === 0 ? undefined : keys[byte() % keys.length];
  };
  const tickDue = () => {
    for (const [key, at] of [...deadlines].sort((a, b) => a[1] - b[1])) if (at <= now && deadlines.get(key) === at) apply({ _tag: "Tick", now, key });
  };
  while (i < bytes.length) {
    const op = byte() % 8;
    const peer = PEERS[byte() % PEERS.length];
    const branch = String(byte() % 4);
    if (op === 0 || op === 1) {
      const m = byte();
      const method = METHODS[m % METHODS.length];
      const r = request(method, branch, (m >> 4) % 5 === 0 ? METHODS[(m >> 3) % METHODS.length] : method, peer.transport, (m & 0x80) !== 0);
      if (E.isRight(r)) apply(op === 0 ? { _tag: "Received", now, message: r.right, source: peer } : { _tag: "SendRequest", now, request: r.right, destination: peer });
    } else if (op === 2) {
      const r = response(STATUSES[byte() % STATUSES.length], branch, METHODS[byte() % METHODS.length], peer.transport);
      if (E.isRight(r)) apply({ _tag: "Received", now, message: r.right, source: peer });
    } else if (op === 3) {
      const key = someKey();
      const req = key === undefined ? undefined : requests.get(key);
      if (key !== undefined && req !== undefined) {
        const built = createResponse(STATUSES[byte() % STATUSES.length], { toTag: "callee" })(req);
        if (E.isRight(built)) apply({ _tag: "SendResponse", now, key, response: built.right });
      }
    } else if (op === 4) {
      now += (byte() << 8) | byte();
      tickDue();
    } else if (op === 5) {
      const key = someKey();
      if (key !== undefined) apply({ _tag: byte() % 2 === 0 ? "TransportError" : "Destroy", now, key });
    } else if (op === 6) {
      // A raw datagram cut from the input: whatever parses goes in.
      const len = byte() * 4;
      const m = parseMessage(bytes.subarray(i, i + len));
      i += len;
      if (E.isRight(m)) apply({ _tag: "Received", now, message: m.right, source: peer });
    } else {
      const key = someKey();
      if (key !== undefined) apply({ _tag: "Tick", now: now + byte(), key });
    }
  }
  // The TU answers everything waiting for it (again after each tick: a timer may hand an entry
  // back to the TU, as the INVITE server's 100 does), and time passes: the store empties.
  const answerAll = () => {
    for (const [key, tx] of [...store]) {
      if (deadlines.has(key) || !waitsForTu(tx)) continue;
      const req = requests.get(key);
      if (tx._tag === "InviteClient" || req === undefined) apply({ _tag: "Destroy", now, key });
      else {
        const built = createResponse(500, { toTag: "callee" })(req);
        if (E.isRight(built)) apply({ _tag: "SendResponse", now, key, response: built.right });
      }
    }
  };
  answerAll();
  for (let k = 0; k < 10_000 && deadlines.size > 0; k++) {
    let next = Infinity;
    for (const at of deadlines.values()) next = Math.min(next, at);
    now = Math.max(now, next);
    tickDue();
    answerAll();
  }
  const left = [...store].map(([key, tx]) => `${key} ${tx._tag} ${tx.state._tag}${deadlines.has(key) ? "" : " (no deadline)"}`);
  check(left.length === 0, `entries left after the TU answered and every timer fired: ${left.join("; ")}`);
};
