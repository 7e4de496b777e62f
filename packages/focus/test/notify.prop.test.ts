// RFC 4575 §4.6 over random RFC 4579 §5 flows: a subscriber that folds the focus's NOTIFYs (a
// full document, then partial ones) into its roster with @puresip/conference's subscriber view
// applies every one, sees versions 0, 1, 2, ... (§5.2), and ends with the same roster as a
// full document of the final state (what a new subscription gets first); the entries that
// remember the subscriptions survive JSON.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect } from "vitest";
import { emptyRosterView, receiveNotify } from "@puresip/conference";
import type { ConferenceInfo, RosterUpdate, RosterView } from "@puresip/conference";
import { createNetwork, run, schedule } from "@puresip/testkit";
import type { Wire } from "@puresip/testkit";
import type { AnyNode } from "./sim.js";
import { FOCUS, FOCUS_CONFIG, endpoint, focus, participant, uaEvents, uri } from "./sim.js";
import type { Net } from "./ops.js";
import { NAMES, PEOPLE, STEP, commandFor, op, rosters } from "./ops.js";
import { ConferenceEntryCodec } from "../src/index.js";

const WATCHER = "192.0.2.20";
const LATECOMER = "192.0.2.21";

/** Each NOTIFY body a node's subscriptions received, in order, folded into its roster view. */
const fold = (n: AnyNode): { readonly view: RosterView; readonly updates: ReadonlyArray<RosterUpdate> } => {
  let view = emptyRosterView;
  const updates: Array<RosterUpdate> = [];
  for (const e of uaEvents(n)) {
    if (e._tag !== "Subscription" || e.notice._tag !== "Notification") continue;
    const type = e.notice.request.headers.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "";
    const [next, update] = receiveNotify(view, { type, content: e.notice.request.body });
    view = next;
    updates.push(update);
  }
  return { view, updates };
};

const withoutVersion = (view: RosterView): Omit<ConferenceInfo, "version"> | undefined => {
  if (O.isNone(view.roster)) return undefined;
  const { version: _, ...rest } = view.roster.value;
  return rest;
};

describe("RFC 4575 §4.6 partial notifications from the focus under random RFC 4579 §5 flows", () => {
  test.prop([fc.array(op, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 1_000_000 })], { numRuns: 12 })(
    "a subscriber applying every NOTIFY (full, then partial) sees consecutive versions and ends with the roster a full document of the final state gives",
    (ops, seed) => {
      const people = PEOPLE.map((ip, i) => participant(NAMES[i] ?? "x", ip, seed + i + 1, "answer", false));
      const watcher = participant("watcher", WATCHER, seed + 10);
      const latecomer = participant("latecomer", LATECOMER, seed + 11);
      const nodes: ReadonlyArray<AnyNode> = [focus(seed, FOCUS_CONFIG, false, false), ...people, watcher, latecomer];
      let net: Net = createNetwork<AnyNode, Wire, unknown>({
        seed,
        nodes: Object.fromEntries(nodes.map((n) => [n.name, n])),
        defaultLink: { latency: 10, jitter: 8, loss: 0, duplicate: 0.02 },
      });
      const advance = (until: number): void => {
        const done = run(endpoint, { until, maxSteps: 100_000 })(net);
        if (E.isLeft(done)) throw new Error(done.left.reason);
        net = done.right;
      };
      net = schedule<unknown>(0, WATCHER, { _tag: "Subscribe", to: uri(`sip:alpha@${FOCUS}`), event: "conference", expires: 3600 })(net);
      advance(STEP);
      for (const o of ops) {
        const c = commandFor(o, nodes);
        if (c !== undefined) net = schedule<unknown>(net.now, c.node, c.command)(net);
        advance(net.now + STEP);
      }
      net = schedule<unknown>(net.now, LATECOMER, { _tag: "Subscribe", to: uri(`sip:alpha@${FOCUS}`), event: "conference", expires: 3600 })(net);
      advance(net.now + STEP);

      const watched = fold(watcher);
      expect(watched.updates.map((u) => u._tag)).toStrictEqual(watched.updates.map(() => "Applied"));
      const documents = watched.updates.flatMap((u) => (u._tag === "Applied" ? [u.document] : []));
      expect(documents.map((d) => d.version)).toStrictEqual(documents.map((_, i) => i));
      expect(documents[0]?.state).toBe("full");

      // The entries that remember each subscription's NOTIFYs go through JSON unchanged (snapshots).
      for (const entry of rosters(nodes[0] ?? watcher)) {
        const decoded = ConferenceEntryCodec.decode(JSON.parse(JSON.stringify(ConferenceEntryCodec.encode(entry))));
        expect(decoded).toStrictEqual(E.right(entry));
      }

      const late = fold(latecomer);
      expect(late.updates.map((u) => u._tag)).toStrictEqual(["Applied"]);
      expect(withoutVersion(watched.view)).toStrictEqual(withoutVersion(late.view));
    },
  );
});
