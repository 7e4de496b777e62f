import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { Method, SipResponse } from "@puresip/message";
import { parseMessage, printUri, serializeMessage, validateMessage } from "@puresip/message";
import type { Local } from "../src/client/requests.js";
import { ackOf, byeOf, dialogOf, outOfDialog, registerRequest, targetUri } from "../src/client/requests.js";
import { parseClientArgs, parseDuration } from "../src/commands/client.js";

const local: Local = { transport: "UDP", host: "127.0.0.1", port: 5070, user: "alice" };
const tokens = { branch: "b1", tag: "t1", callId: "c1@127.0.0.1" };
const right = <A>(e: E.Either<string, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left);
  return e.right;
};
const text = (m: Parameters<typeof serializeMessage>[0]): string => new TextDecoder().decode(serializeMessage(m));

describe("puresip call/register/options/message arguments", () => {
  it("reads the target, the text and the options, with defaults", () => {
    expect(right(parseClientArgs("message", ["sip:bob@127.0.0.1:5062", "hi there", "--user", "carol"]))).toMatchObject({
      command: "message",
      target: "sip:bob@127.0.0.1:5062",
      text: "hi there",
      user: "carol",
      host: "127.0.0.1",
      port: 0,
      transport: "udp",
      timeoutMs: 32_000,
    });
    expect(right(parseClientArgs("call", ["127.0.0.1", "-d", "1500ms", "--codecs", "PCMA"]))).toMatchObject({ durationMs: 1500, codecs: ["PCMA"] });
  });

  it("names what is wrong", () => {
    expect(parseClientArgs("message", ["sip:bob@x"])).toEqual(E.left("expected puresip message <uri> <text>"));
    expect(parseClientArgs("call", ["x", "--transport", "sctp"])).toEqual(E.left('--transport must be udp or tcp, got "sctp"'));
    expect(parseClientArgs("register", ["x", "--expires", "-1"])).toEqual(E.left('--expires must be a whole number up to 2147483647, got "-1"'));
    expect(parseDuration("5 s")).toEqual(E.left('not a duration: "5 s" (write 2s, 1500ms or 1m)'));
    expect([parseDuration("2"), parseDuration("2s"), parseDuration("1m")]).toEqual([E.right(2000), E.right(2000), E.right(60_000)]);
  });

  it("a target without a scheme is a sip: URI", () => {
    expect(printUri(right(targetUri("bob@127.0.0.1:5062")))).toBe("sip:bob@127.0.0.1:5062");
    expect(E.isLeft(targetUri("sip:"))).toBe(true);
  });
});

describe("RFC 3261 §8.1.1 the requests the client commands send", () => {
  it("OPTIONS: every mandatory header, a magic-cookie branch with rport (RFC 3581), From tag, CSeq 1; valid by puresip's own check", () => {
    const r = right(outOfDialog(local, right(targetUri("sip:bob@127.0.0.1:5062")), tokens, "OPTIONS" as Method));
    expect(text(r)).toContain("OPTIONS sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKb1;rport\r\n");
    expect(text(r)).toContain("From: <sip:alice@127.0.0.1>;tag=t1\r\n");
    expect(E.isRight(validateMessage(r))).toBe(true);
  });

  it("§10.2: REGISTER's To and From are the address-of-record, its Request-URI the registrar without user, with Contact and Expires", () => {
    const r = right(registerRequest(local, right(targetUri("sip:127.0.0.1:5060")), tokens, 2, 600));
    const t = text(r);
    expect(t.startsWith("REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n")).toBe(true);
    expect(t).toContain("To: <sip:alice@127.0.0.1>\r\n");
    expect(t).toContain("CSeq: 2 REGISTER\r\n");
    expect(t).toContain("Contact: <sip:alice@127.0.0.1:5070>\r\n");
    expect(t).toContain("Expires: 600\r\n");
  });

  it("§12.1.2, §13.2.2.4, §15.1.1: the 2xx's Contact and To tag make the dialog; ACK keeps the INVITE's CSeq, BYE takes the next", () => {
    const invite = right(outOfDialog(local, right(targetUri("sip:bob@127.0.0.1:5062")), tokens, "INVITE" as Method, { contact: true }));
    const okText = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKb1\r\nFrom: <sip:alice@127.0.0.1>;tag=t1\r\nTo: <sip:bob@127.0.0.1:5062>;tag=r9\r\nCall-ID: c1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:bob@127.0.0.1:6000>\r\nContent-Length: 0\r\n\r\n";
    const ok = parseMessage(okText);
    if (E.isLeft(ok)) throw new Error("fixture");
    const d = right(dialogOf(invite, ok.right as SipResponse));
    const ack = text(right(ackOf(local, d, "b2")));
    expect(ack.startsWith("ACK sip:bob@127.0.0.1:6000 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKb2;rport\r\n")).toBe(true);
    expect(ack).toContain("CSeq: 1 ACK\r\n");
    expect(ack).toContain("To: <sip:bob@127.0.0.1:5062>;tag=r9\r\n");
    expect(text(right(byeOf(local, d, "b3")))).toContain("CSeq: 2 BYE\r\n");
    const noTag = parseMessage(okText.replace(";tag=r9", ""));
    if (E.isLeft(noTag)) throw new Error("fixture");
    expect(dialogOf(invite, noTag.right as SipResponse)).toEqual(E.left("the 2xx has no To tag (§12.1.2)"));
  });
});
