import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { encodeUtf8 } from "@puresip/message";
import type { ConferenceInfo } from "../src/index.js";
import { CONFERENCE_INFO_NAMESPACE, parseConferenceInfo, printConferenceInfo } from "../src/index.js";
import { basicExample, richExample } from "./fixtures.js";

const parsed = (xml: string): ConferenceInfo => {
  const r = parseConferenceInfo(xml);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const wrap = (inner: string, attrs = 'entity="sip:conf@example.com" version="1"'): string =>
  `<?xml version="1.0" encoding="UTF-8"?><conference-info xmlns="${CONFERENCE_INFO_NAMESPACE}" ${attrs}>${inner}</conference-info>`;

describe("RFC 4575 §7.1 the basic example", () => {
  it("RFC 4575 §7.1: parses the full document with its users, endpoints and media", () => {
    const doc = parsed(basicExample);
    expect(doc).toMatchObject({ entity: "sips:conf233@example.com", state: "full", version: 1 });
    expect(doc.description).toEqual({ subject: "Agenda: This month's goals", serviceUris: { entries: [{ uri: "http://sharepoint/salesgroup/", purpose: "web-page" }] } });
    expect(doc.conferenceState).toEqual({ userCount: 33 });
    const [bob, alice] = doc.users?.users ?? [];
    expect(bob).toMatchObject({ entity: "sip:bob@example.com", state: "full", displayText: "Bob Hoskins" });
    expect(bob?.endpoints[0]).toEqual({
      entity: "sip:bob@pc33.example.com",
      displayText: "Bob's Laptop",
      status: "disconnected",
      disconnectionMethod: "departed",
      disconnectionInfo: { when: "2005-03-04T20:00:00Z", reason: "bad voice quality", by: "sip:mike@example.com" },
      media: [{ id: "1", displayText: "main audio", type: "audio", label: "34567", srcId: "432424", status: "sendrecv" }],
    });
    expect(alice?.endpoints[0]).toMatchObject({ entity: "sip:4kfk4j392jsu@example.com;grid=433kj4j3u", status: "connected", joiningMethod: "dialed-out" });
  });

  it("RFC 4575 §7.1: print then parse gives the same document back", () => {
    const doc = parsed(basicExample);
    expect(parsed(printConferenceInfo(doc))).toEqual(doc);
  });
});

describe("RFC 4575 §7.2 the rich example", () => {
  it("RFC 4575 §7.2: parses the partial document: description, host, state, roles, call-info, sidebars", () => {
    const doc = parsed(richExample);
    expect(doc).toMatchObject({ state: "partial", version: 5 });
    expect(doc.description?.keywords).toEqual(["sales", "meeting", "weekly"]);
    expect(doc.description?.confUris?.entries.map((e) => e.purpose)).toEqual(["participation", "participation", "streaming"]);
    expect(doc.description?.availableMedia).toEqual([
      { label: "34567", displayText: "main audio", type: "audio", status: "sendrecv" },
      { label: "34569", displayText: "main video", type: "video", status: "inactive" },
    ]);
    expect(doc.hostInfo).toEqual({ displayText: "Sales Host", webPage: "http://sharepoint/salesgroup/hosts/", uris: { entries: [{ uri: "sip:sales@example.com" }] } });
    expect(doc.conferenceState).toEqual({ userCount: 32, active: true, locked: false });
    const bob = doc.users?.users[0];
    expect(bob).toMatchObject({ roles: ["participant"], languages: ["en"], associatedAors: { entries: [{ uri: "mailto:bob@example.com", displayText: "email" }] } });
    expect(bob?.endpoints[0]).toMatchObject({
      status: "disconnecting",
      disconnectionMethod: "booted",
      referred: { when: "2005-03-04T20:00:00Z", reason: "expert required", by: "sip:mike@example.com" },
      callInfo: { displayText: "full info", callId: "hsjh8980vhsb78", fromTag: "vav738dvbs", toTag: "8954jgjg8432" },
    });
    expect(doc.sidebarsByRef).toEqual({
      state: "partial",
      entries: [
        { uri: "sips:conf233@example.com;grid=45", displayText: "sidebar with Carol" },
        { uri: "sips:conf233@example.com;grid=21", displayText: "private with Peter" },
      ],
    });
    expect(doc.sidebarsByVal?.entries[0]).toMatchObject({ entity: "sips:conf233@example.com;grid=77", state: "partial" });
    expect(doc.sidebarsByVal?.entries[0]?.users?.users.map((u) => u.entity)).toEqual(["sip:bob@example.com", "sip:mark@example.com", "sip:dan@example.com"]);
  });

  it("RFC 4575 §7.2: print then parse gives the same document back", () => {
    const doc = parsed(richExample);
    expect(parsed(printConferenceInfo(doc))).toEqual(doc);
  });
});

describe("RFC 4575 §4 documents that are not conference information", () => {
  const error = (body: string | Uint8Array, limits?: { maxLength: number; maxDepth: number }): string => {
    const r = parseConferenceInfo(body, limits);
    expect(E.isLeft(r)).toBe(true);
    return E.isLeft(r) ? r.left._tag : "";
  };
  it("RFC 4575 §4.1: not well-formed XML is NotXml", () => {
    expect(error("<conference-info><users></conference-info>")).toBe("NotXml");
    expect(error("not xml at all <")).toBe("NotXml");
  });
  it("RFC 4575 §4.1: octets that are not UTF-8 are NotUtf8", () => {
    expect(error(new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]))).toBe("NotUtf8");
    expect(E.isRight(parseConferenceInfo(encodeUtf8(basicExample)))).toBe(true);
  });
  it("RFC 4575 §4.2: another root element or namespace is NotConferenceInfo", () => {
    expect(error('<?xml version="1.0"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1"/>')).toBe("NotConferenceInfo");
    expect(error('<conference-info xmlns="urn:example" entity="sip:c@x" version="1"/>')).toBe("NotConferenceInfo");
  });
  it("RFC 4575 §4.2: a prefixed namespace is read like the default one", () => {
    const r = parseConferenceInfo(
      `<ci:conference-info xmlns:ci="${CONFERENCE_INFO_NAMESPACE}" entity="sip:c@x" version="2"><ci:users><ci:user entity="sip:a@x"><ci:endpoint entity="sip:a@h"><ci:status>on-hold</ci:status></ci:endpoint></ci:user></ci:users></ci:conference-info>`,
    );
    expect(r).toEqual(E.right({ entity: "sip:c@x", version: 2, users: { users: [{ entity: "sip:a@x", endpoints: [{ entity: "sip:a@h", status: "on-hold", media: [] }] }] } }));
  });
  it("RFC 4575 §4.3: the root needs its version", () => {
    expect(error(wrap("", 'entity="sip:c@x"'))).toBe("NotConferenceInfo");
    expect(error(wrap("", 'entity="sip:c@x" version="-1"'))).toBe("NotConferenceInfo");
    expect(error(wrap("", 'entity="sip:c@x" version="4294967296"'))).toBe("NotConferenceInfo");
  });
  it("RFC 4575 §4.4, §5.7.3: a state or status outside the schema is NotConferenceInfo, naming the element", () => {
    const r = parseConferenceInfo(wrap('<users><user entity="sip:a@x"><endpoint entity="sip:a@h"><status>asleep</status></endpoint></user></users>'));
    expect(r).toEqual(E.left({ _tag: "NotConferenceInfo", reason: 'conference-info/users/user[1]/endpoint[1]: <status> "asleep" is not an endpoint status (RFC 4575 §5.7.3)' }));
    expect(error(wrap('<users state="some"/>'))).toBe("NotConferenceInfo");
  });
  it("RFC 4575 §4.5: a user without its entity key is NotConferenceInfo", () => {
    expect(error(wrap("<users><user><display-text>x</display-text></user></users>"))).toBe("NotConferenceInfo");
  });
  it("RFC 4575 §4: a DOCTYPE (entity expansion) is refused", () => {
    expect(error(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${wrap("")}`)).toBe("NotXml");
  });
  it("RFC 4575 §4: a body over the size limit is TooLarge, and nesting over the depth limit is refused", () => {
    expect(error(basicExample, { maxLength: 100, maxDepth: 32 })).toBe("TooLarge");
    expect(error(encodeUtf8(basicExample), { maxLength: 100, maxDepth: 32 })).toBe("TooLarge");
    const deep = wrap(`${"<sidebars-by-val><entry entity=\"sip:s@x\">".repeat(20)}${"</entry></sidebars-by-val>".repeat(20)}`);
    expect(error(deep, { maxLength: 100_000, maxDepth: 16 })).toBe("NotXml");
    expect(E.isRight(parseConferenceInfo(deep, { maxLength: 100_000, maxDepth: 64 }))).toBe(true);
  });
});
