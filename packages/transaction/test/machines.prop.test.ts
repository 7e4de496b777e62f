// Properties of the four machines over random event sequences: duplicated, reordered and late
// messages, spurious and late ticks, transport errors.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type * as t from "io-ts";
import type { SipRequest } from "@puresip/message";
import type { ClientEvent, ServerEvent, Step, TransactionEffect } from "../src/index.js";
import {
  InviteClient,
  InviteClientStateCodec,
  InviteServer,
  InviteServerStateCodec,
  NonInviteClient,
  NonInviteClientStateCodec,
  NonInviteServer,
  NonInviteServerStateCodec,
} from "../src/index.js";
import { request, response, tcp, udp } from "./sip.js";

interface Machine<S extends { readonly _tag: string }, Ev> {
  readonly name: string;
  readonly start: (reliable: boolean) => Step<S>;
  readonly step: (s: S, e: Ev) => Step<S>;
  readonly nextDeadline: (s: S) => O.Option<number>;
  readonly codec: t.Type<S, unknown>;
  readonly tick: (now: number) => Ev;
  /** The input that lets a machine finish when RFC 3261 leaves it to the other side or the TU. */
  readonly close: (s: S, now: number) => Ev | null;
  readonly event: fc.Arbitrary<(now: number) => Ev>;
}

const invite = request({ method: "INVITE" });
const register = request({ method: "REGISTER" });
const statuses = fc.constantFrom(100, 180, 183, 200, 202, 302, 404, 486, 500, 603, 99, 700);

const clientEvent = (req: SipRequest): fc.Arbitrary<(now: number) => ClientEvent> =>
  fc.oneof(
    statuses.map((status) => (now: number): ClientEvent => ({ _tag: "Response", now, response: response(req, status) })),
    fc.constant((now: number): ClientEvent => ({ _tag: "Tick", now })),
    fc.constant((now: number): ClientEvent => ({ _tag: "TransportError", now })),
  );

const serverEvent = (req: SipRequest): fc.Arbitrary<(now: number) => ServerEvent> =>
  fc.oneof(
    statuses.map((status) => (now: number): ServerEvent => ({ _tag: "Respond", now, response: response(req, status) })),
    fc.constantFrom(req, request({ method: "ACK", toTag: "a6c85cf" })).map((r) => (now: number): ServerEvent => ({ _tag: "Request", now, request: r })),
    fc.constant((now: number): ServerEvent => ({ _tag: "Tick", now })),
    fc.constant((now: number): ServerEvent => ({ _tag: "TransportError", now })),
  );

const peer = (reliable: boolean) => (reliable ? tcp : udp);

const machines = [
  {
    name: "INVITE client (§17.1.1)",
    start: (reliable) => InviteClient.start({ now: 0, request: invite, destination: peer(reliable) }),
    step: InviteClient.step,
    nextDeadline: InviteClient.nextDeadline,
    codec: InviteClientStateCodec,
    tick: (now) => ({ _tag: "Tick", now }),
    // Proceeding has no timer: the server's final response (or the TU, §9.1) ends it.
    close: (s, now) => (s._tag === "Proceeding" ? { _tag: "Response", now, response: response(invite, 486) } : null),
    event: clientEvent(invite),
  } satisfies Machine<InviteClient.InviteClientState, ClientEvent>,
  {
    name: "non-INVITE client (§17.1.2)",
    start: (reliable) => NonInviteClient.start({ now: 0, request: register, destination: peer(reliable) }),
    step: NonInviteClient.step,
    nextDeadline: NonInviteClient.nextDeadline,
    codec: NonInviteClientStateCodec,
    tick: (now) => ({ _tag: "Tick", now }),
    close: () => null,
    event: clientEvent(register),
  } satisfies Machine<NonInviteClient.NonInviteClientState, ClientEvent>,
  {
    name: "INVITE server (§17.2.1)",
    start: (reliable) => InviteServer.start({ now: 0, request: invite, source: peer(reliable) }),
    step: InviteServer.step,
    nextDeadline: InviteServer.nextDeadline,
    codec: InviteServerStateCodec,
    tick: (now) => ({ _tag: "Tick", now }),
    // Proceeding lasts until the TU answers.
    close: (s, now) => (s._tag === "Proceeding" ? { _tag: "Respond", now, response: response(invite, 486) } : null),
    event: serverEvent(invite),
  } satisfies Machine<InviteServer.InviteServerState, ServerEvent>,
  {
    name: "non-INVITE server (§17.2.2)",
    start: (reliable) => NonInviteServer.start({ now: 0, request: register, source: peer(reliable) }),
    step: NonInviteServer.step,
    nextDeadline: NonInviteServer.nextDeadline,
    codec: NonInviteServerStateCodec,
    tick: (now) => ({ _tag: "Tick", now }),
    close: (s, now) => (s._tag === "Trying" || s._tag === "Proceeding" ? { _tag: "Respond", now, response: response(register, 200) } : null),
    event: serverEvent(register),
  } satisfies Machine<NonInviteServer.NonInviteServerState, ServerEvent>,
] as const;

/** Random inputs at non-decreasing times, some at the same instant (duplicates, reordering). */
const inputs = <Ev>(m: { readonly event: fc.Arbitrary<(now: number) => Ev> }) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), m.event), { maxLength: 40 }).map((xs) => {
    let now = 0;
    return xs.map(([dt, make]) => make((now += dt)));
  });

interface Trace<S> {
  readonly states: ReadonlyArray<S>;
  readonly effects: ReadonlyArray<ReadonlyArray<TransactionEffect>>;
}

const replay = <S extends { readonly _tag: string }, Ev>(m: Machine<S, Ev>, first: Step<S>, events: ReadonlyArray<Ev>): Trace<S> => {
  const states = [first[0]];
  const effects = [first[1]];
  let s = first[0];
  for (const e of events) {
    const [next, fx] = m.step(s, e);
    states.push(next);
    effects.push(fx);
    s = next;
  }
  return { states, effects };
};

/** After the inputs: close if needed, then tick at each deadline until nothing is left. */
const finish = <S extends { readonly _tag: string }, Ev>(m: Machine<S, Ev>, state: S, now: number): { readonly state: S; readonly at: number } => {
  let s = state;
  let at = now;
  const closing = m.close(s, at);
  if (closing !== null) s = m.step(s, closing)[0];
  for (let i = 0; i < 100; i++) {
    const d = m.nextDeadline(s);
    if (O.isNone(d)) break;
    at = Math.max(at, d.value);
    s = m.step(s, m.tick(at))[0];
  }
  return { state: s, at };
};

const deepFreeze = <A>(a: A): A => {
  if (typeof a === "object" && a !== null && !ArrayBuffer.isView(a) && !Object.isFrozen(a)) {
    for (const v of Object.values(a)) deepFreeze(v);
    Object.freeze(a);
  }
  return a;
};

const lastTime = (events: ReadonlyArray<{ readonly now: number }>): number => events.at(-1)?.now ?? 0;

describe.each(machines)("$name: properties over random event sequences", (m0) => {
  // One generic view of the four machines for the properties below.
  const m = m0 as unknown as Machine<{ readonly _tag: string }, { readonly _tag: string; readonly now: number }>;
  const arb = inputs(m);

  test.prop([fc.boolean(), arb])("equal inputs give equal outputs", (reliable, events) => {
    expect(replay(m, m.start(reliable), events)).toEqual(replay(m, m.start(reliable), events));
  });

  test.prop([fc.boolean(), arb])("no effect after Terminated", (reliable, events) => {
    const { states, effects } = replay(m, m.start(reliable), events);
    states.forEach((s, i) => {
      if (s._tag === "Terminated") for (const later of effects.slice(i + 1)) expect(later).toEqual([]);
    });
  });

  test.prop([fc.boolean(), arb])("reaches Terminated within 3 * 64*T1 of its last input", (reliable, events) => {
    const { states } = replay(m, m.start(reliable), events);
    const end = finish(m, states.at(-1)!, lastTime(events));
    expect(end.state._tag).toBe("Terminated");
    expect(end.at - lastTime(events)).toBeLessThanOrEqual(3 * 64 * 500);
  });

  test.prop([fc.boolean(), arb])("a frozen state and frozen events are never mutated", (reliable, events) => {
    const first = deepFreeze(m.start(reliable));
    const frozen = deepFreeze(events);
    const before = JSON.stringify([first, frozen]);
    expect(() => replay(m, first, frozen)).not.toThrow();
    expect(JSON.stringify([first, frozen])).toBe(before);
  });

  test.prop([fc.boolean(), arb, fc.nat()])("a state restored from JSON behaves exactly like the original", (reliable, events, cutSeed) => {
    const cut = events.length === 0 ? 0 : cutSeed % events.length;
    const { states } = replay(m, m.start(reliable), events.slice(0, cut));
    const live = states.at(-1)!;
    const restored = m.codec.decode(JSON.parse(JSON.stringify(m.codec.encode(live))));
    expect(E.isRight(restored)).toBe(true);
    if (E.isRight(restored)) {
      const rest = events.slice(cut);
      expect(replay(m, [restored.right, []], rest)).toEqual(replay(m, [live, []], rest));
      expect(m.nextDeadline(restored.right)).toEqual(m.nextDeadline(live));
    }
  });

  test.prop([fc.boolean(), arb])("a spurious or late tick never fires a timer early", (reliable, events) => {
    const { states } = replay(m, m.start(reliable), events);
    for (const s of states) {
      const d = m.nextDeadline(s);
      if (O.isSome(d) && d.value > 0) expect(m.step(s, m.tick(d.value - 1))).toEqual([s, []]);
    }
  });
});

describe("RFC 3261 §17.1 / RFC 6026 client side: at most one final response reaches the TU", () => {
  for (const m0 of [machines[0], machines[1]]) {
    const m = m0 as unknown as Machine<{ readonly _tag: string }, ClientEvent>;
    test.prop([fc.boolean(), inputs(m)])(`${m.name}: one non-2xx final, or 2xx only (retransmissions allowed)`, (reliable, events) => {
      const { effects } = replay(m, m.start(reliable), events);
      const finals = effects.flat().flatMap((e) => (e._tag === "PassUp" && e.message._tag === "Response" && e.message.status >= 200 ? [e.message.status] : []));
      const success = finals.filter((s) => s < 300);
      const failure = finals.filter((s) => s >= 300);
      expect(failure.length).toBeLessThanOrEqual(1);
      if (failure.length === 1) expect(success).toEqual([]);
      // Only the INVITE client passes up more than one final: RFC 6026's 2xx retransmissions.
      if (m.name.startsWith("non-INVITE")) expect(finals.length).toBeLessThanOrEqual(1);
    });
  }
});
