// The registry is plain data: every entry the UA core files (transactions, calls,
// registrations, client-request contexts) and the UA's own state survive JSON through their
// io-ts codecs, and a call continues from a restored registry as if nothing happened.
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { createResponse, parseMessage, tag } from "@puresip/message";
import { run } from "@puresip/testkit";
import { StoreEntryCodec, UaStateCodec } from "../../src/core/codec.js";
import { initialState, step } from "../../src/index.js";
import type { StoreEntry, UaCommand } from "../../src/index.js";
import type { UaNode } from "./harness.js";
import { endpoint, restore, tags, uaConfig, uri } from "./harness.js";
import { ALICE, BOB, answerAfter, messages, nodeOf, runAll, twoUas } from "./flows.js";

const throughJson = (entry: StoreEntry): StoreEntry => {
  const decoded = StoreEntryCodec.decode(JSON.parse(JSON.stringify(StoreEntryCodec.encode(entry))));
  if (E.isLeft(decoded)) throw new Error(`an entry did not decode: ${entry._tag}`);
  return decoded.right;
};

const restored = (n: UaNode): ReadonlyMap<string, StoreEntry> => new Map([...n.engine.registry].map(([k, entry]) => [k, throughJson(entry)]));

describe("io-ts codecs for the UA core's state and registry", () => {
  it("mid-call, every registry entry round-trips and re-encodes to the same JSON; the UA state too", () => {
    const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };
    const mid = run(endpoint, { until: 500 })(twoUas([{ at: 0, node: ALICE, command: call }], { bobPolicy: answerAfter(1000) }));
    if (E.isLeft(mid)) throw new Error(mid.left.reason);
    const kinds = new Set<string>();
    for (const ip of [ALICE, BOB]) {
      const n = nodeOf(mid.right, ip);
      for (const entry of n.engine.registry.values()) {
        kinds.add(entry._tag === "Usage" ? entry.usage._tag : entry._tag);
        expect(JSON.stringify(StoreEntryCodec.encode(throughJson(entry)))).toBe(JSON.stringify(StoreEntryCodec.encode(entry)));
      }
      const state = UaStateCodec.decode(JSON.parse(JSON.stringify(UaStateCodec.encode(n.engine.state()))));
      expect(state).toStrictEqual(E.right(n.engine.state()));
    }
    // Bob rings in an early dialog: its entry (RFC 5057 §5, core/dialogs.ts) is filed beside the call.
    expect([...kinds].sort()).toStrictEqual(["Call", "ClientRequest", "Dialog", "InviteClient", "InviteServer", "Recent"]);
  });

  it("a call continues from registries restored from JSON: hang-up, BYE, 200, nothing left", () => {
    const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };
    const net = twoUas([{ at: 0, node: ALICE, command: call }], {
      bobPolicy: answerAfter(1000),
      alicePolicy: (e) => (e._tag === "CallEstablished" ? [{ delay: 5000, command: { _tag: "Hangup", call: e.call } }] : []),
    });
    const mid = run(endpoint, { until: 3000 })(net);
    if (E.isLeft(mid)) throw new Error(mid.left.reason);
    for (const ip of [ALICE, BOB]) restore(nodeOf(mid.right, ip), restored(nodeOf(mid.right, ip)));
    const done = runAll(mid.right);
    expect(messages(done)).toStrictEqual(["alice->bob INVITE", "bob->alice 180 Ringing", "bob->alice 200 OK", "alice->bob ACK", "alice->bob BYE", "bob->alice 200 OK"]);
    expect(tags(nodeOf(done, ALICE)).at(-1)).toBe("CallEnded LocalBye");
    expect(nodeOf(done, ALICE).engine.registry.size + nodeOf(done, BOB).engine.registry.size).toBe(0);
  });

  it("a registration entry and a client-request context waiting for RFC 3263 resolution round-trip", () => {
    const reg = run(endpoint, { until: 5 })(twoUas([{ at: 0, node: ALICE, command: { _tag: "Register", id: "a", registrar: uri(`sip:${BOB}`) } }]));
    if (E.isLeft(reg)) throw new Error(reg.left.reason);
    const entries = [...nodeOf(reg.right, ALICE).engine.registry.values()];
    expect(entries.some((e) => e._tag === "Usage" && e.usage._tag === "Registration")).toBe(true);
    for (const e of entries) expect(StoreEntryCodec.encode(throughJson(e))).toStrictEqual(StoreEntryCodec.encode(e));
    const [, effects] = step(uaConfig("alice", ALICE))(new Map(), initialState([9]), { _tag: "Command", now: 0, command: { _tag: "SendMessage", ref: "r", to: uri("sip:bob@biloxi.example.com"), body: { type: "text/plain", content: new Uint8Array([104, 105]) } } });
    const waiting = effects.flatMap((e) => (e._tag === "Put" && e.entry._tag === "ClientRequest" ? [e.entry] : []));
    expect(waiting).toHaveLength(1);
    // Issue #15 §2: the context waiting for resolution has a deadline (64*T1), and the codec carries it.
    expect(waiting[0]?.context.giveUpAt).toBe(64 * 500);
    expect(effects.some((e) => e._tag === "Resolve")).toBe(true);
    for (const e of waiting) expect(throughJson(e)).toStrictEqual(e);
  });
});

describe("io-ts codec for a challenge waiting for the application", () => {
  it("the Challenged entry (context, 401, realm, deadline) round-trips", () => {
    const ua = step(uaConfig("alice", ALICE, { credentials: [] }));
    const store = new Map<string, StoreEntry>();
    let state = initialState([7]);
    const feed = (event: Parameters<typeof ua>[2]) => {
      const [next, effects] = ua(store, state, event);
      state = next;
      for (const e of effects) {
        if (e._tag === "Put") store.set(e.key, e.entry);
        if (e._tag === "Forget") store.delete(e.key);
      }
      return effects;
    };
    const sent = feed({ _tag: "Command", now: 0, command: { _tag: "Options", ref: "o", to: uri(`sip:bob@${BOB}`) } });
    const options = sent.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Request" ? [e.message] : []))[0];
    if (options === undefined) throw new Error("no OPTIONS");
    const unauthorized = createResponse(401, { toTag: E.getOrElseW(() => { throw new Error("tag"); })(tag("x1")), headers: [{ name: "WWW-Authenticate", value: 'Digest realm="biloxi.example.com", nonce="abc", qop="auth"' }] })(options);
    if (E.isLeft(unauthorized)) throw new Error("no 401");
    const effects = feed({ _tag: "Received", now: 5, message: unauthorized.right, source: { transport: "UDP", host: BOB, port: 5060 } });
    const challenged = effects.flatMap((e) => (e._tag === "Put" && e.entry._tag === "Challenged" ? [e] : []));
    expect(challenged).toHaveLength(1);
    expect(challenged[0]?.deadline).toStrictEqual({ _tag: "Some", value: 5 + 64 * 500 });
    for (const c of challenged) expect(throughJson(c.entry)).toStrictEqual(c.entry);
  });
});

describe("UaState codec: the seed and the closing mark of Shutdown", () => {
  const word = fc.integer({ min: 0, max: 0xffffffff });
  const state = fc.record(
    { seed: fc.tuple(word, word, word, word).filter((s) => s.some((w) => w !== 0)), closing: fc.constant(true as const) },
    { requiredKeys: ["seed"] },
  );

  test.prop([state])("a UaState, closing or not, round-trips through JSON unchanged", (s) => {
    // fast-check's records are null-prototype objects, so compare by value.
    expect(UaStateCodec.decode(JSON.parse(JSON.stringify(UaStateCodec.encode(s))))).toEqual(E.right(s));
  });

  it("a closing mark other than true, or an all-zero seed, is refused", () => {
    expect(E.isLeft(UaStateCodec.decode({ seed: [1, 2, 3, 4], closing: false }))).toBe(true);
    expect(E.isLeft(UaStateCodec.decode({ seed: [0, 0, 0, 0] }))).toBe(true);
  });

  it("a UA that took Shutdown saves closing and, restored, still answers a new request 503 (§21.5.4)", () => {
    const ua = step(uaConfig("bob", BOB));
    const [closed] = ua(new Map(), initialState([1, 2, 3, 4]), { _tag: "Command", now: 0, command: { _tag: "Shutdown" } });
    const saved = UaStateCodec.decode(JSON.parse(JSON.stringify(UaStateCodec.encode(closed))));
    if (E.isLeft(saved)) throw new Error("the state did not decode");
    expect(saved.right.closing).toBe(true);
    const options = `OPTIONS sip:bob@${BOB} SIP/2.0\r\nVia: SIP/2.0/UDP ${ALICE}:5060;branch=z9hG4bKcodec1\r\nMax-Forwards: 70\r\nTo: <sip:bob@${BOB}>\r\nFrom: <sip:alice@${ALICE}>;tag=a1\r\nCall-ID: codec-close\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
    const parsed = parseMessage(new TextEncoder().encode(options));
    if (E.isLeft(parsed)) throw new Error("no OPTIONS");
    const [, effects] = ua(new Map(), saved.right, { _tag: "Received", now: 1, message: parsed.right, source: { transport: "UDP", host: ALICE, port: 5060 } });
    const statuses = effects.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Response" ? [e.message.status] : []));
    expect(statuses).toStrictEqual([503]);
  });
});
