import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { encodeUtf8 } from "@puresip/message";
import { CONFERENCE_INFO_TYPE, emptyRosterView, receiveNotify, rosterLines } from "../src/index.js";
import { basicExample } from "./fixtures.js";

const body = (xml: string, type = CONFERENCE_INFO_TYPE) => ({ type, content: encodeUtf8(xml) });

describe("RFC 4575 §3.7 the subscriber's view", () => {
  const [view, first] = receiveNotify(emptyRosterView, body(basicExample));
  it("RFC 4575 §4.6: the first full NOTIFY is applied", () => {
    expect(first._tag).toBe("Applied");
    expect(O.isSome(view.roster)).toBe(true);
  });
  it("RFC 4575 §3.4: a body of another type is Unreadable and the roster stays", () => {
    const [after, update] = receiveNotify(view, body(basicExample, "application/dialog-info+xml"));
    expect(update).toEqual({ _tag: "Unreadable", error: { _tag: "WrongType", type: "application/dialog-info+xml" } });
    expect(after).toBe(view);
  });
  it("RFC 4575 §3.4: the type is compared without its parameters and case", () => {
    const [, update] = receiveNotify(emptyRosterView, body(basicExample, "Application/Conference-Info+XML; charset=UTF-8"));
    expect(update._tag).toBe("Applied");
  });
  it("RFC 4575 §4.1: a body that does not parse is Unreadable and the last good roster stays", () => {
    const [after, update] = receiveNotify(view, body("<conference-info"));
    expect(update._tag).toBe("Unreadable");
    expect(after).toBe(view);
  });
  it("RFC 6665 §4.2.1.3: a NOTIFY without a body changes nothing", () => {
    expect(receiveNotify(view, null)).toEqual([view, { _tag: "NoBody" }]);
  });
  it("RFC 4575 §4.6: a deleted conference-info is ConferenceEnded", () => {
    const [, update] = receiveNotify(view, body('<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sips:conf233@example.com" state="deleted" version="2"/>'));
    expect(update._tag).toBe("ConferenceEnded");
  });
  it("RFC 4575 §5.6, §5.7.3: the roster reads as users with their endpoints and statuses", () => {
    expect(O.isSome(view.roster) ? rosterLines(view.roster.value) : []).toEqual([
      "conference sips:conf233@example.com version 1: 33 users, subject \"Agenda: This month's goals\"",
      '  user sip:bob@example.com "Bob Hoskins"',
      "    endpoint sip:bob@pc33.example.com \"Bob's Laptop\": disconnected (departed), audio sendrecv label 34567",
      '  user sip:alice@example.com "Alice"',
      "    endpoint sip:4kfk4j392jsu@example.com;grid=433kj4j3u: connected (dialed-out), audio sendrecv label 34567",
    ]);
  });
});
