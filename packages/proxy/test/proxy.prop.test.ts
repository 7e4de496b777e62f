// Properties of the stateful proxy over random forks and random downstream behaviour: what
// goes down, what goes up, and that every context ends (RFC 3261 §16.6, §16.7, §16.8, §16.10).
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { Peer } from "@puresip/kernel";
import { snapshotCodec } from "@puresip/kernel";
import type { SipMessage, SipRequest } from "@puresip/message";
import { findParam } from "@puresip/message";
import { cancelGrace } from "../src/index.js";
import { alicePeer, config, harness, register, request, responseTo } from "./sip.js";

type Action =
  | { readonly _tag: "Respond"; readonly branch: number; readonly status: number }
  | { readonly _tag: "Cancel" }
  | { readonly _tag: "Advance"; readonly ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ _tag: fc.constant("Respond" as const), branch: fc.nat(2), status: fc.constantFrom(100, 180, 183, 200, 401, 407, 486, 487, 503, 603) }),
  fc.constant({ _tag: "Cancel" as const }),
  fc.record({ _tag: fc.constant("Advance" as const), ms: fc.integer({ min: 1, max: 60_000 }) }),
);

const peerOf = (i: number): Peer => ({ transport: "UDP", host: `192.0.2.${String(31 + i)}`, port: 5060 });

interface Run {
  readonly down: ReadonlyArray<{ readonly message: SipMessage; readonly to: Peer }>;
  readonly up: ReadonlyArray<{ readonly message: SipMessage; readonly to: Peer }>;
  readonly answered: ReadonlySet<number>;
  /** Branches that had a provisional response while their transaction was in Calling (before Timer B). */
  readonly ringing: ReadonlySet<number>;
  readonly leftover: number;
  readonly roundTrips: boolean;
}

const cfg = config({ timerC: 181_000 });

/** Registers `n` contacts, sends one INVITE with Max-Forwards `mf`, plays `script`, then lets every timer run out. */
const play = (n: number, mf: number, script: ReadonlyArray<Action>): Run => {
  const h = harness(cfg);
  for (let i = 0; i < n; i++) h.engine.receive(register("bob", `<sip:bob@${peerOf(i).host}>`, `reg-${String(i)}`), { transport: "UDP", host: "192.0.2.20", port: 5060 });
  h.take();
  const invite = request({ maxForwards: mf });
  h.engine.receive(invite, alicePeer);
  const all: Array<{ readonly message: SipMessage; readonly to: Peer }> = [];
  const answered = new Set<number>();
  const ringing = new Set<number>();
  const codec = snapshotCodec(h.element.codec);
  let roundTrips = true;
  const drain = (): void => {
    for (const o of h.take()) all.push(o);
  };
  drain();
  for (const a of script) {
    if (a._tag === "Advance") h.advance(h.now() + a.ms);
    else if (a._tag === "Cancel") h.engine.receive(request({ method: "CANCEL", maxForwards: mf }), alicePeer);
    else if (a.branch < n) {
      const sent = all.filter((o) => o.to.host === peerOf(a.branch).host && o.message._tag === "Request" && o.message.method === "INVITE").at(-1)?.message as SipRequest | undefined;
      if (sent !== undefined) {
        h.engine.receive(responseTo(sent, a.status, `t${String(a.branch)}`), peerOf(a.branch));
        if (a.status > 100 && a.status < 200 && h.now() < 64 * 500 && !answered.has(a.branch)) ringing.add(a.branch);
        if (a.status >= 200) answered.add(a.branch);
      }
    }
    drain();
    const snap = h.engine.snapshot();
    const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(snap))));
    roundTrips &&= E.isRight(back) && JSON.stringify(codec.encode(back.right)) === JSON.stringify(codec.encode(snap));
  }
  h.advance(h.now() + cfg.timerC + cancelGrace(cfg) + 1);
  drain();
  const leftover = [...h.engine.registry.keys()].filter((k) => k.startsWith("P ") || k.startsWith("X ")).length;
  return { down: all.filter((o) => o.to.host !== alicePeer.host), up: all.filter((o) => o.to.host === alicePeer.host), answered, ringing, leftover, roundTrips };
};

const arbitraryRun = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 70 }), fc.array(action, { maxLength: 12 }));

describe("RFC 3261 §16 proxy properties", () => {
  it("§16.6 steps 3, 8: every forwarded request has Max-Forwards one lower and a new top Via of ours", () => {
    fc.assert(
      fc.property(arbitraryRun, ([n, mf, script]) => {
        const { down } = play(n, mf, script);
        for (const o of down) {
          if (o.message._tag !== "Request" || o.message.method !== "INVITE") continue;
          expect(o.message.core.maxForwards).toBe(mf - 1);
          expect(o.message.core.via).toHaveLength(2);
          expect(o.message.core.via[0]?.host.value).toBe("192.0.2.1");
        }
      }),
      { numRuns: 60 },
    );
  });

  it("§16.7 step 3: a response goes upstream only without our Via; one non-2xx final at most, never after a 2xx", () => {
    fc.assert(
      fc.property(arbitraryRun, ([n, mf, script]) => {
        const { up } = play(n, mf, script);
        const invites = up.flatMap((o) => (o.message._tag === "Response" && o.message.core.cseq?.method === "INVITE" ? [o.message] : []));
        for (const r of invites) expect(r.core.via.map((v) => findParam(v.params, "branch")?.value)).toEqual(["z9hG4bKalice1"]);
        // Retransmissions (Timer G, §17.2.1) are one response: count distinct ones.
        const seen = new Set<string>();
        const finals = invites.filter((r) => {
          const id = `${String(r.status)} ${findParam(r.core.to?.params ?? [], "tag")?.value ?? ""}`;
          if (r.status < 200 || seen.has(id)) return false;
          seen.add(id);
          return true;
        });
        const failures = finals.filter((r) => r.status >= 300);
        expect(failures.length).toBeLessThanOrEqual(1);
        // Every INVITE gets a final response once its timers have run out.
        expect(finals.length).toBeGreaterThanOrEqual(1);
        // A non-2xx final never follows a 2xx (§16.7 step 6 runs only when no 2xx came); a late 2xx may follow it (step 5).
        const firstFailure = finals.findIndex((r) => r.status >= 300);
        if (firstFailure >= 0) expect(finals.slice(0, firstFailure).filter((r) => r.status < 300)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("§16.10 / §16.8: every branch is answered, CANCELled, or had no provisional response (Timer B/C: a 408)", () => {
    fc.assert(
      fc.property(arbitraryRun, ([n, mf, script]) => {
        const { down, answered, ringing } = play(n, mf, script);
        for (let i = 0; i < n; i++) {
          const to = down.filter((o) => o.to.host === peerOf(i).host && o.message._tag === "Request").map((o) => (o.message as SipRequest).method as string);
          if (!to.includes("INVITE")) continue;
          expect(answered.has(i) || to.includes("CANCEL") || !ringing.has(i)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("§16.8: no context outlives Timer C + 64*T1; the registry snapshot round-trips through its codec at every step", () => {
    fc.assert(
      fc.property(arbitraryRun, ([n, mf, script]) => {
        const run = play(n, mf, script);
        expect(run.leftover).toBe(0);
        expect(run.roundTrips).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
