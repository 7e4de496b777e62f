import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { ConferenceInfo } from "../src/index.js";
import { applyNotification, parseConferenceInfo, rosterOf } from "../src/index.js";
import { basicExample, richExample } from "./fixtures.js";

const doc = (xml: string): ConferenceInfo => {
  const r = parseConferenceInfo(xml);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const basic = doc(basicExample);
const roster = rosterOf(basic);
const conf = "sips:conf233@example.com";
const partial = (version: number, rest: Partial<ConferenceInfo>): ConferenceInfo => ({ entity: conf, state: "partial", version, ...rest });

describe("RFC 4575 §4.6 constructing coherent state", () => {
  it("RFC 4575 §4.6: the first full document sets the local version and the roster", () => {
    expect(applyNotification(O.none, basic)).toEqual(E.right(roster));
    expect(roster.state).toBe("full");
    expect(roster.users?.users.every((u) => u.state === undefined)).toBe(true);
  });
  it("RFC 4575 §4.6: a partial document before any full one is a gap (refresh for full state)", () => {
    expect(applyNotification(O.none, partial(2, {}))).toEqual(E.left({ _tag: "Gap", local: null, received: 2 }));
  });
  it("RFC 4575 §4.6: a version equal to or less than the local one is discarded", () => {
    expect(applyNotification(O.some(roster), basic)).toEqual(E.left({ _tag: "Stale", local: 1, received: 1 }));
    expect(applyNotification(O.some({ ...roster, version: 7 }), partial(3, {}))).toEqual(E.left({ _tag: "Stale", local: 7, received: 3 }));
  });
  it("RFC 4575 §4.6: a partial document more than one version ahead is a gap", () => {
    expect(applyNotification(O.some(roster), partial(3, {}))).toEqual(E.left({ _tag: "Gap", local: 1, received: 3 }));
  });
  it("RFC 4575 §5.2: a document of another conference is not applied", () => {
    expect(E.isLeft(applyNotification(O.some(roster), { ...partial(2, {}), entity: "sip:other@example.com" }))).toBe(true);
  });
  it("RFC 4575 §4.6: a full document with a higher version replaces the roster, any gap notwithstanding", () => {
    const next = { ...basic, version: 9, users: { users: [] } };
    expect(applyNotification(O.some(roster), next)).toEqual(E.right(rosterOf(next)));
  });
  it("RFC 4575 §4.6: a deleted conference-info ends the conference", () => {
    expect(applyNotification(O.some(roster), { entity: conf, state: "deleted", version: 2, users: { users: [] } })).toEqual(E.right({ entity: conf, state: "deleted", version: 2 }));
  });
  it("RFC 4575 §4.6 step 3.1.1: a partial user not in the table is added", () => {
    const r = applyNotification(O.some(roster), partial(2, { users: { state: "partial", users: [{ entity: "sip:carol@example.com", endpoints: [{ entity: "sip:carol@pc", status: "dialing-out", media: [] }] }] } }));
    expect(E.isRight(r) && r.right.users?.users.map((u) => u.entity)).toEqual(["sip:bob@example.com", "sip:alice@example.com", "sip:carol@example.com"]);
  });
  it("RFC 4575 §4.6 step 2: a user with state deleted is removed", () => {
    const r = applyNotification(O.some(roster), partial(2, { users: { state: "partial", users: [{ entity: "sip:bob@example.com", state: "deleted", endpoints: [] }] } }));
    expect(E.isRight(r) && r.right.users?.users.map((u) => u.entity)).toEqual(["sip:alice@example.com"]);
  });
  it("RFC 4575 §4.6 steps 3.1.2-3.3: a partial endpoint changes only the elements it carries", () => {
    const r = applyNotification(
      O.some(roster),
      partial(2, { users: { state: "partial", users: [{ entity: "sip:alice@example.com", state: "partial", endpoints: [{ entity: "sip:4kfk4j392jsu@example.com;grid=433kj4j3u", state: "partial", status: "on-hold", media: [] }] }] } }),
    );
    const alice = E.isRight(r) ? r.right.users?.users[1] : undefined;
    expect(alice?.displayText).toBe("Alice");
    expect(alice?.endpoints[0]).toMatchObject({ status: "on-hold", joiningMethod: "dialed-out", media: [{ id: "1", srcId: "534232" }] });
    expect(r).toMatchObject(E.right({ version: 2, state: "full" }));
  });
  it("RFC 4575 §4.6 step 1: a <users> without state (full by default) flushes the whole table: the §7.2 example", () => {
    const rich = doc(richExample);
    const r = applyNotification(O.some({ ...roster, version: 4 }), rich);
    expect(E.isRight(r) && r.right.users?.users.map((u) => u.entity)).toEqual(["sip:bob@example.com"]);
    expect(E.isRight(r) && r.right.conferenceState).toEqual({ userCount: 32, active: true, locked: false });
    expect(E.isRight(r) && r.right.sidebarsByVal?.entries[0]?.state).toBeUndefined();
  });
});
