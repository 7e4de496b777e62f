import { describe, expect, it } from "vitest";
import { SeedCodec } from "@puresip/kernel";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { InviteSessionCodec, sessionDeadline } from "../src/index.js";
import type { InviteSession, SessionEvent } from "../src/index.js";
import { setHeader } from "@puresip/message";
import { act, aliceInvite, call, config, deliver, drop, right, sdp } from "./session-fixtures.js";
import type { Pair, SideName } from "./session-fixtures.js";

type Op =
  | { readonly kind: "deliver"; readonly last: boolean }
  | { readonly kind: "drop" }
  | { readonly kind: "tick"; readonly side: SideName }
  | { readonly kind: "app"; readonly side: SideName; readonly event: "Hangup" | "Cancel" | "Reinvite" | "R180" | "R200" | "R486" };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.boolean().map((last): Op => ({ kind: "deliver", last })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "drop" }) },
  { weight: 2, arbitrary: fc.constantFrom<SideName>("alice", "bob").map((side): Op => ({ kind: "tick", side })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ side: fc.constantFrom<SideName>("alice", "bob"), event: fc.constantFrom("Hangup" as const, "Cancel" as const, "Reinvite" as const, "R180" as const, "R200" as const, "R486" as const) })
      .map((r): Op => ({ kind: "app", ...r })),
  },
);

const appEvent = (event: Extract<Op, { kind: "app" }>["event"], now: number): SessionEvent => {
  switch (event) {
    case "R180":
      return { _tag: "Respond", now, status: 180 };
    case "R200":
      return { _tag: "Respond", now, status: 200, body: sdp("v=0 answer\r\n") };
    case "R486":
      return { _tag: "Respond", now, status: 486 };
    case "Reinvite":
      return { _tag: "Reinvite", now, body: sdp("v=0 offer\r\n") };
    case "Hangup":
    case "Cancel":
      return { _tag: event, now };
  }
};

const apply = (p: Pair, op: Op, now: number): Pair => {
  switch (op.kind) {
    case "deliver":
      return deliver(p, now, op.last ? Math.max(0, p.wire.length - 1) : 0);
    case "drop":
      return drop(p);
    case "tick": {
      const d = sessionDeadline(p[op.side]);
      return O.isSome(d) ? act(p, op.side, { _tag: "Tick", now: Math.max(now, d.value) }) : p;
    }
    case "app":
      return act(p, op.side, appEvent(op.event, now));
  }
};

const restore = (s: InviteSession): InviteSession => {
  const r = InviteSessionCodec.decode(JSON.parse(JSON.stringify(InviteSessionCodec.encode(s))));
  if (E.isLeft(r)) throw new Error("session state did not decode");
  return r.right;
};

describe("InviteSession state restored from JSON (DESIGN.md reducer contract)", () => {
  const word = fc.integer({ min: 0, max: 0xffffffff });
  test.prop([fc.array(arbOp, { maxLength: 40 }), fc.nat(), fc.boolean(), fc.boolean(), fc.tuple(word, word)], { numRuns: 80 })(
    "behaves exactly like the original from any point, its kernel seed included: branches, §14.1 glare delays and Retry-After values drawn after the restore are the original's",
    (ops, cut, reliable, offer, seeds) => {
    // With 100rel on both sides the states carry RFC 3262 state too; without an offer, §13.2.1's late offer.
    const start = (): Pair => (reliable ? call(seeds, offer, { ...config, reliableProvisionals: true }, right(setHeader("Supported", "100rel")(aliceInvite(offer)))) : call(seeds, offer));
    let original = start();
    let restored = start();
    const at = ops.length === 0 ? 0 : cut % ops.length;
    ops.forEach((op, i) => {
      if (i === at) restored = { ...restored, alice: restore(restored.alice), bob: restore(restored.bob) };
      const now = 100 * (i + 1);
      original = apply(original, op, now);
      restored = apply(restored, op, now);
      expect(restored.alice).toStrictEqual(original.alice);
      expect(restored.bob).toStrictEqual(original.bob);
      expect(restored.wire).toStrictEqual(original.wire);
    });
    expect(restored.notices).toStrictEqual(original.notices);
    expect(restored.alice._tag === "Ended" || SeedCodec.is(SeedCodec.encode(restored.alice.seed))).toBe(true);
  },
  );

  it("a session stored with the old 32-bit seed (a number) is refused, not read as another stream", () => {
    const stored = InviteSessionCodec.encode(call().alice) as unknown as Record<string, unknown>;
    expect(E.isRight(InviteSessionCodec.decode(stored))).toBe(true);
    expect(E.isLeft(InviteSessionCodec.decode({ ...stored, seed: 12345 }))).toBe(true);
  });

  test.prop([fc.array(arbOp, { maxLength: 40 })], { numRuns: 40 })("§12.2.1.1 / §12.2: the local CSeq only grows and the route set never changes once confirmed", (ops) => {
    let p = call();
    let last: Record<SideName, number> = { alice: 0, bob: 0 };
    const routes = new Map<SideName, unknown>();
    ops.forEach((op, i) => {
      p = apply(p, op, 100 * (i + 1));
      for (const side of ["alice", "bob"] as const) {
        const s = p[side];
        if (s._tag === "Established" || s._tag === "Terminating") {
          const seq = O.getOrElse(() => 0)(s.dialog.localSeq);
          expect(seq).toBeGreaterThanOrEqual(last[side]);
          last = { ...last, [side]: seq };
          if (!routes.has(side)) routes.set(side, s.dialog.routeSet);
          expect(s.dialog.routeSet).toStrictEqual(routes.get(side));
        }
      }
    });
  });
});
