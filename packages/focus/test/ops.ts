// Random RFC 4579 §5 flows for the property tests: joins, leaves, add-by-REFER and
// remove-by-REFER by three participants, as UA commands on the simulated network.
import { fc } from "@fast-check/vitest";
import type { Network, Wire } from "@puresip/testkit";
import type { UaCommand } from "@puresip/ua";
import { APPLICATION_KEY } from "@puresip/kernel";
import type { ConferenceEntry } from "../src/index.js";
import type { AnyNode } from "./sim.js";
import { FOCUS, uri } from "./sim.js";

export const PEOPLE = ["192.0.2.1", "192.0.2.2", "192.0.2.3"] as const;
export const NAMES = ["alice", "bob", "carol"] as const;

export type Op =
  | { readonly _tag: "Join"; readonly who: number; readonly conference: string }
  | { readonly _tag: "Leave"; readonly who: number }
  | { readonly _tag: "Add"; readonly by: number; readonly who: number; readonly conference: string }
  | { readonly _tag: "Remove"; readonly by: number; readonly who: number; readonly conference: string };

const who = fc.integer({ min: 0, max: 2 });
const conference = fc.constantFrom("alpha", "beta");
export const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("Join" as const), who, conference }),
  fc.record({ _tag: fc.constant("Leave" as const), who }),
  fc.record({ _tag: fc.constant("Add" as const), by: who, who, conference }),
  fc.record({ _tag: fc.constant("Remove" as const), by: who, who, conference }),
);

export type Net = Network<AnyNode, Wire, unknown>;

export const STEP = 3000;

/** Every call key a participant's UA made or took that has not ended. */
export const liveCalls = (n: AnyNode): ReadonlyArray<string> => [...n.engine.registry.entries()].flatMap(([k, e]) => ((e as { readonly _tag?: string; readonly usage?: { readonly _tag: string } })._tag === "Usage" && (e as { readonly usage: { readonly _tag: string } }).usage._tag === "Call" ? [k] : []));

export const rosters = (f: AnyNode): ReadonlyArray<ConferenceEntry> =>
  [...f.engine.registry.entries()].flatMap(([k, e]) => (k.startsWith(APPLICATION_KEY) ? [(e as { readonly entry: ConferenceEntry }).entry] : []));

export const commandFor = (o: Op, nodes: ReadonlyArray<AnyNode>): { readonly node: string; readonly command: UaCommand } | undefined => {
  const ip = (i: number): string => PEOPLE[i] ?? PEOPLE[0];
  switch (o._tag) {
    case "Join":
      return { node: ip(o.who), command: { _tag: "MakeCall", to: uri(`sip:${o.conference}@${FOCUS}`) } };
    case "Leave": {
      // Hang up the newest call of that participant that is still live.
      const n = nodes[o.who + 1];
      const live = n === undefined ? [] : liveCalls(n);
      const call = live.at(-1);
      return call === undefined ? undefined : { node: ip(o.who), command: { _tag: "Hangup", call: call as never } };
    }
    case "Add":
      return { node: ip(o.by), command: { _tag: "ReferOutOfDialog", to: uri(`sip:${o.conference}@${FOCUS}`), referTo: uri(`sip:${NAMES[o.who] ?? "alice"}@${ip(o.who)}`) } };
    case "Remove":
      return { node: ip(o.by), command: { _tag: "ReferOutOfDialog", to: uri(`sip:${o.conference}@${FOCUS}`), referTo: uri(`sip:${NAMES[o.who] ?? "alice"}@${ip(o.who)};method=BYE`) } };
  }
};
