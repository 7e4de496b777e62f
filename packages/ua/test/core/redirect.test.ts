// RFC 3261 §8.1.3.4 with UaConfig.followRedirects, through the UA step: a 3xx to a call's
// INVITE sends it on to the Contacts the 3xx lists, highest q first, one after another's
// failure, until one succeeds.
import { describe, expect, it } from "vitest";
import { Methods, createResponse, headerValues, printUri, tag } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import * as O from "fp-ts/lib/Option.js";
import * as E from "fp-ts/lib/Either.js";
import { StoreEntryCodec, nextDeadline } from "../../src/index.js";
import type { AppEvent, UaCommand } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const BOB = "192.0.2.77";
const src = peerOf(BOB);
const invites = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<SipRequest> => sent.filter((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE);
const branch = (r: SipRequest): string | undefined => r.core.via[0]?.params.find((p) => p.name === "branch")?.value;
const failed = (events: ReadonlyArray<AppEvent>): ReadonlyArray<number> => events.flatMap((e) => (e._tag === "CallFailed" ? [e.status] : []));
const redirectTo = (request: SipRequest, status: number, contacts: string) => must(createResponse(status, { toTag: must(tag("r3d")), headers: [{ name: "Contact", value: contacts }] })(request));

const calling = (follow: boolean, to = `sip:bob@${BOB}`) => {
  const sips = to.startsWith("sips:") ? { aor: uri("sips:alice@example.com"), contact: uri("sips:alice@10.0.0.1:5061") } : {};
  const a = driver(uaConfig("alice", "10.0.0.1", { ...sips, ...(follow ? { followRedirects: true } : {}) }));
  const command: UaCommand = { _tag: "MakeCall", to: uri(to), headers: [{ name: "Subject", value: "lunch" }] };
  const made = a.feed({ _tag: "Command", now: 0, command });
  const invite = invites(made.sent)[0];
  if (invite === undefined) throw new Error("no INVITE");
  return { a, invite };
};

describe("RFC 3261 §8.1.3.4 following a 3xx", () => {
  it("without followRedirects a 302 ends the call: CallFailed 302, only the ACK goes out", () => {
    const { a, invite } = calling(false);
    const out = a.feed({ _tag: "Received", now: 10, message: redirectTo(invite, 302, "<sip:bob@192.0.2.30>"), source: src });
    expect(out.sent.map(label)).toStrictEqual(["ACK"]);
    expect(failed(out.delivered)).toStrictEqual([302]);
  });

  it("RFC3261-8.1.3.4-1, RFC3261-8.1.3.4-11, RFC3261-8.1.3.4-13, RFC3261-21.3.3-1, RFC3261-26.3.2.3-4: a 302's highest-q Contact gets the INVITE again: same To, From, Call-ID, fields and body, a new branch, the next CSeq", () => {
    const { a, invite } = calling(true);
    const out = a.feed({ _tag: "Received", now: 10, message: redirectTo(invite, 302, "<sip:bob@192.0.2.31>;q=0.5, <sip:bob@192.0.2.30>;q=0.9"), source: src });
    expect(out.sent.map(label)).toStrictEqual(["ACK", "INVITE"]);
    const again = invites(out.sent)[0]!;
    expect(printUri(again.uri)).toBe("sip:bob@192.0.2.30");
    expect([again.core.to, again.core.from, again.core.callId, headerValues("Subject")(again), again.body]).toStrictEqual([invite.core.to, invite.core.from, invite.core.callId, ["lunch"], invite.body]);
    expect(again.core.cseq?.seq).toBe((invite.core.cseq?.seq ?? 0) + 1);
    expect(branch(again)).not.toBe(branch(invite));
    expect(failed(out.delivered)).toStrictEqual([]);
  });

  it("RFC3261-8.1.3.4-6, RFC3261-8.1.3.4-7, RFC3261-21.3.2-1: a 301's first Contact answers 486, so the next is tried; its 200 establishes the call and nothing more is tried", () => {
    const { a, invite } = calling(true);
    const first = invites(a.feed({ _tag: "Received", now: 10, message: redirectTo(invite, 301, "<sip:bob@192.0.2.30>, <sip:bob@192.0.2.31>"), source: src }).sent)[0]!;
    const busy = a.feed({ _tag: "Received", now: 20, message: must(createResponse(486, { toTag: must(tag("b1")) })(first)), source: src });
    expect(busy.sent.map(label)).toStrictEqual(["ACK", "INVITE"]);
    const second = invites(busy.sent)[0]!;
    expect(printUri(second.uri)).toBe("sip:bob@192.0.2.31");
    expect(failed(busy.delivered)).toStrictEqual([]);
    const ok = a.feed({ _tag: "Received", now: 30, message: must(createResponse(200, { toTag: must(tag("b2")), headers: [{ name: "Contact", value: "<sip:bob@192.0.2.31>" }] })(second)), source: src });
    expect(ok.sent.map(label)).toStrictEqual(["ACK"]);
    expect(ok.delivered.map((e) => e._tag)).toContain("CallEstablished");
  });

  it("RFC3261-8.1.3.4-6: a Contact that never answers (Timer B) is a failure too: the next is tried; when the last fails, so does the call", () => {
    const { a, invite } = calling(true);
    a.feed({ _tag: "Received", now: 10, message: redirectTo(invite, 302, "<sip:bob@192.0.2.30>, <sip:bob@192.0.2.31>"), source: src });
    const sent: Array<SipMessage> = [];
    const toSecond = (): SipRequest | undefined => invites(sent).find((r) => printUri(r.uri) === "sip:bob@192.0.2.31");
    for (let t = 500; t <= 40_000 && toSecond() === undefined; t += 500) {
      const due = [...a.store].filter(([, entry]) => O.exists((d: number) => d <= t)(nextDeadline(entry))).map(([key]) => key);
      for (const key of due) sent.push(...a.feed({ _tag: "Tick", now: t, key }).sent);
    }
    const second = toSecond();
    if (second === undefined) throw new Error("the second Contact was not tried");
    const last = a.feed({ _tag: "Received", now: 41_000, message: must(createResponse(404, { toTag: must(tag("b2")) })(second)), source: src });
    expect(last.sent.map(label)).toStrictEqual(["ACK"]);
    expect(failed(last.delivered)).toStrictEqual([404]);
  });

  it("the Contacts left to try travel with the client request's context through the registry's codec", () => {
    const { a, invite } = calling(true);
    a.feed({ _tag: "Received", now: 10, message: redirectTo(invite, 302, "<sip:bob@192.0.2.30>, <sip:bob@192.0.2.31>"), source: src });
    const contexts = [...a.store.values()].filter((e) => e._tag === "ClientRequest" && e.context.request.method === Methods.INVITE);
    expect(contexts.map((e) => (e._tag === "ClientRequest" ? e.context.redirects : undefined))).toStrictEqual([{ targets: ["sip:bob@192.0.2.31"], hops: 1 }]);
    const json = JSON.parse(JSON.stringify(StoreEntryCodec.encode(contexts[0]!))) as unknown;
    expect(StoreEntryCodec.decode(json)).toStrictEqual(E.right(contexts[0]));
  });

  it("RFC3261-8.1.3.4-3: from a SIPS Request-URI the UA does not recurse to a non-SIPS Contact (the user is never moved off TLS unawares)", () => {
    const { a, invite } = calling(true, "sips:bob@biloxi.example.com");
    const out = a.feed({ _tag: "Received", now: 10, message: redirectTo(invite, 302, "<sip:bob@192.0.2.30>, <sips:bob@192.0.2.31>"), source: src });
    expect(invites(out.sent).map((r) => printUri(r.uri))).toStrictEqual(["sips:bob@192.0.2.31"]);
  });
});
