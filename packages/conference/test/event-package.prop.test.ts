// Properties of the RFC 4575 event package: the codec round-trips, and a subscriber that folds
// the notifier's partial documents (§4.6) ends with the roster a full document would give.
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { encodeUtf8 } from "@puresip/message";
import type { ConferenceInfo, RosterView } from "../src/index.js";
import {
  CONFERENCE_INFO_TYPE,
  ConferenceInfoCodec,
  RosterViewCodec,
  applyNotification,
  diff,
  emptyRosterView,
  parseConferenceInfo,
  printConferenceInfo,
  receiveNotify,
  rosterOf,
  sameData,
} from "../src/index.js";
import type { Change } from "./arbitraries.js";
import { change, changeRoster, conferenceInfo, emptyConference } from "./arbitraries.js";

const wire = (doc: ConferenceInfo) => ({ type: CONFERENCE_INFO_TYPE, content: encodeUtf8(printConferenceInfo(doc)) });

/** The notifier: full document of the first roster (version 1), then one diff per change. */
const notifications = (changes: ReadonlyArray<Change>): { readonly docs: ReadonlyArray<ConferenceInfo>; readonly last: ConferenceInfo } => {
  let roster = emptyConference;
  const docs: Array<ConferenceInfo> = [roster];
  for (const c of changes) {
    const next = { ...changeRoster(roster, c), version: roster.version + 1 };
    docs.push(diff(roster, next, next.version));
    roster = next;
  }
  return { docs, last: roster };
};

const fold = (docs: ReadonlyArray<ConferenceInfo>): RosterView =>
  docs.reduce<RosterView>((view, doc) => receiveNotify(view, wire(doc))[0], emptyRosterView);

describe("RFC 4575 §4, §6 the conference-info codec", () => {
  it("RFC 4575 §6: print then parse is the identity on any document", () => {
    fc.assert(
      fc.property(conferenceInfo, (doc) => {
        expect(parseConferenceInfo(printConferenceInfo(doc))).toEqual(E.right(doc));
      }),
    );
  });
  it("RFC 4575 §4: parse never throws and answers Left or a document with a version, on any text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), conferenceInfo.map((d) => printConferenceInfo(d).slice(0, 150))), (s) => {
        const r = parseConferenceInfo(s);
        expect(E.isLeft(r) || typeof r.right.version === "number").toBe(true);
      }),
    );
  });
  it("RFC 4575 §5: the io-ts codec accepts every document and round-trips it", () => {
    fc.assert(
      fc.property(conferenceInfo, (doc) => {
        expect(ConferenceInfoCodec.decode(JSON.parse(JSON.stringify(ConferenceInfoCodec.encode(doc))))).toEqual(E.right(doc));
      }),
    );
  });
});

describe("RFC 4575 §4.6 partial notifications over random join/leave/status sequences", () => {
  it("RFC 4575 §4.6: applying each partial diff in order gives the roster of the full document of the final state", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 25 }), (changes) => {
        const { docs, last } = notifications(changes);
        const view = fold(docs);
        expect(view.roster).toEqual(O.some(rosterOf(last)));
        // A subscriber that only ever saw the last full document agrees.
        expect(receiveNotify(emptyRosterView, wire(last))[0].roster).toEqual(view.roster);
      }),
    );
  });
  it("RFC 4575 §5.2: the notifier's versions go up by one, and joins and leaves go out as partial documents", () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 25 }), (changes) => {
        const { docs } = notifications(changes);
        docs.forEach((d, i) => { expect(d.version).toBe(i + 1); });
        expect(docs.slice(1).every((d) => d.state === "partial")).toBe(true);
      }),
    );
  });
  it("RFC 4575 §4.6: a duplicate or older version is discarded and a skipped one is a gap; the roster does not change", () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 2, maxLength: 20 }), fc.nat(), (changes, pick) => {
        const { docs } = notifications(changes);
        const upTo = 1 + (pick % (docs.length - 1));
        const view = fold(docs.slice(0, upTo));
        const old = docs[pick % upTo];
        if (old === undefined) return;
        const [afterOld, outcome] = receiveNotify(view, wire(old));
        expect(outcome._tag).toBe("Discarded");
        expect(afterOld).toEqual(view);
        const skipped = docs[upTo + 1];
        if (skipped === undefined || skipped.state !== "partial") return;
        const [afterGap, gap] = receiveNotify(view, wire(skipped));
        expect(gap._tag).toBe("RefreshNeeded");
        expect(afterGap).toEqual(view);
      }),
    );
  });
  it("RFC 4575 §4.6: diff between any two documents of one conference takes the first to the second", () => {
    fc.assert(
      fc.property(conferenceInfo, conferenceInfo, fc.integer({ min: 1, max: 1000 }), (a, b, version) => {
        const previous = rosterOf({ ...a, state: "full", version: version - 1 });
        const next = { ...b, entity: a.entity, state: "full" as const, version };
        const sent = diff(previous, next, version);
        expect(sent.version).toBe(version);
        const applied = applyNotification(O.some(previous), sent);
        expect(E.isRight(applied) && sameData(applied.right, rosterOf(next))).toBe(true);
      }),
    );
  });
  it("RFC 4575 §4.6: a body that does not parse is reported and the last good roster stays", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 10 }), fc.string({ maxLength: 50 }), (changes, junk) => {
        const view = fold(notifications(changes).docs);
        const [after, outcome] = receiveNotify(view, { type: CONFERENCE_INFO_TYPE, content: encodeUtf8(`<conference-info>${junk}`) });
        expect(outcome._tag).toBe("Unreadable");
        expect(after).toEqual(view);
      }),
    );
  });
  it("RFC 4575 §4.6: the roster view (local version and content) round-trips through its JSON codec", () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 10 }), (changes) => {
        const view = fold(notifications(changes).docs);
        expect(RosterViewCodec.decode(JSON.parse(JSON.stringify(RosterViewCodec.encode(view))))).toEqual(E.right(view));
      }),
    );
  });
});
