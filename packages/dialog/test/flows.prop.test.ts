// Properties of the INVITE session over the transaction layer on the simulated network.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createNetwork, run } from "@puresip/testkit";
import type { InviteSession } from "../src/index.js";
import { sdp } from "./session-fixtures.js";
import { endpoint, noticesOf, sessionOf, transactionsOf, ua } from "./ua-node.js";
import type { CalleeScript, Command, UaState } from "./ua-node.js";

const scripts: ReadonlyArray<CalleeScript> = [
  { responses: [{ delay: 0, status: 180 }, { delay: 2000, status: 200, body: sdp("v=0 bob\r\n") }], reinvite: 200 },
  { responses: [{ delay: 0, status: 486 }], reinvite: 200 },
  { responses: [{ delay: 0, status: 180 }], reinvite: 200 },
  { responses: [{ delay: 0, status: 180 }, { delay: 3000, status: 480 }], reinvite: 200 },
];

const arbLink = fc.record({
  latency: fc.integer({ min: 1, max: 200 }),
  jitter: fc.integer({ min: 0, max: 300 }),
  loss: fc.double({ min: 0, max: 0.4, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
});

const arbCommand = fc.record({
  at: fc.integer({ min: 0, max: 10_000 }),
  node: fc.constantFrom("alice", "bob"),
  command: fc.constantFrom<Command>({ _tag: "Cancel" }, { _tag: "Hangup" }, { _tag: "Reinvite" }),
});

/** A session is over, or never started (the INVITE was lost before Bob heard of it). */
const over = (s: InviteSession | null): boolean => s === null || s._tag === "Ended";

describe("INVITE sessions under loss, duplication and reordering (DESIGN.md: every session terminates)", () => {
  test.prop([fc.integer(), fc.constantFrom(...scripts), arbLink, arbLink, fc.array(arbCommand, { maxLength: 4 })], { numRuns: 60 })(
    "every session ends in bounded virtual time and leaves no state behind",
    (seed, script, there, back, commands) => {
      const net = createNetwork<UaState, Uint8Array, Command>({
        seed,
        nodes: { alice: ua("bob", seed ^ 0x55, { responses: [], reinvite: 200 }), bob: ua("alice", seed ^ 0xaa, script) },
        links: { "alice->bob": there, "bob->alice": back },
        agenda: [
          { at: 0, node: "alice", command: { _tag: "Call", offer: true } },
          ...commands,
          // The users hang up eventually; everything after that is the protocol's to finish.
          { at: 100_000, node: "alice", command: { _tag: "Hangup" } },
          { at: 120_000, node: "bob", command: { _tag: "Hangup" } },
        ],
      });
      const done = run(endpoint, { maxSteps: 50_000 })(net);
      expect(E.isRight(done)).toBe(true);
      if (E.isLeft(done)) return;
      const end = done.right;
      expect(end.now).toBeLessThan(120_000 + 200 * 500);
      for (const name of ["alice", "bob"]) {
        const node = end.nodes[name]!;
        expect(over(sessionOf(node)), `${name}: ${sessionOf(node)?._tag ?? "none"}`).toBe(true);
        expect(transactionsOf(node)).toBe(0);
        expect(endpoint.deadline(node)).toStrictEqual(O.none);
      }
    },
  );
});

describe("RFC 3261 §14 re-INVITE glare (any interleaving from both sides)", () => {
  const arbReinvites = fc.array(fc.record({ at: fc.integer({ min: 3000, max: 9000 }), node: fc.constantFrom("alice", "bob") }), { minLength: 1, maxLength: 6 });

  test.prop([fc.integer(), arbReinvites, fc.integer({ min: 0, max: 400 })], { numRuns: 60 })(
    "ends with both sides agreeing: no INVITE pending, offer/answer settled, CSeq numbers in step",
    (seed, reinvites, jitter) => {
      const net = createNetwork<UaState, Uint8Array, Command>({
        seed,
        nodes: { alice: ua("bob", seed ^ 0x55, { responses: [], reinvite: 200 }), bob: ua("alice", seed ^ 0xaa, scripts[0]) },
        defaultLink: { latency: 20, jitter, loss: 0, duplicate: 0 },
        agenda: [{ at: 0, node: "alice", command: { _tag: "Call", offer: true } }, ...reinvites.map((r) => ({ ...r, command: { _tag: "Reinvite" as const } }))],
      });
      const done = run(endpoint, { maxSteps: 50_000 })(net);
      expect(E.isRight(done)).toBe(true);
      if (E.isLeft(done)) return;
      const alice = sessionOf(done.right.nodes["alice"]!);
      const bob = sessionOf(done.right.nodes["bob"]!);
      if (alice?._tag !== "Established" || bob?._tag !== "Established") throw new Error(`not established: ${alice?._tag} ${bob?._tag}`);
      expect(alice.pending).toStrictEqual({ _tag: "None" });
      expect(bob.pending).toStrictEqual({ _tag: "None" });
      expect(alice.offerAnswer).toStrictEqual({ _tag: "Idle", established: true });
      expect(bob.offerAnswer).toStrictEqual({ _tag: "Idle", established: true });
      expect(alice.dialog.localSeq).toStrictEqual(bob.dialog.remoteSeq);
      expect(O.getOrElse(() => 0)(bob.dialog.localSeq)).toBe(O.getOrElse(() => 0)(alice.dialog.remoteSeq));
      // Every re-INVITE that was sent ended with a final answer the sender heard about.
      const done200 = noticesOf(done.right.nodes["alice"]!).filter((n) => n._tag === "ReinviteDone" && n.status === 200).length;
      const accepted = noticesOf(done.right.nodes["bob"]!).filter((n) => n._tag === "IncomingReinvite").length;
      expect(done200).toBeLessThanOrEqual(accepted);
    },
  );
});
