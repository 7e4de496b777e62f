import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { printUri } from "@puresip/message";
import { FinalResponses } from "../src/client/finals.js";
import { addressOfRecord, targetUri } from "../src/client/uris.js";
import { parseClientArgs, parseDuration } from "../src/commands/client-args.js";

const right = <A>(e: E.Either<string, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left);
  return e.right;
};
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

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

  it("RFC 5589: transfer needs --to; --attended asks for the consultation and the Replaces", () => {
    expect(right(parseClientArgs("transfer", ["sip:bob@127.0.0.1", "--to", "sip:carol@127.0.0.1:5070", "--attended"]))).toMatchObject({ command: "transfer", target: "sip:bob@127.0.0.1", transferTo: "sip:carol@127.0.0.1:5070", attended: true });
    expect(right(parseClientArgs("transfer", ["sip:bob@127.0.0.1", "--to", "carol@127.0.0.1"]))).not.toHaveProperty("attended");
    expect(parseClientArgs("transfer", ["sip:bob@127.0.0.1"])).toEqual(E.left("expected puresip transfer <uri> --to <target> [--attended]"));
  });

  it("a target without a scheme is a sip: URI", () => {
    expect(printUri(right(targetUri("bob@127.0.0.1:5062")))).toBe("sip:bob@127.0.0.1:5062");
    expect(E.isLeft(targetUri("sip:"))).toBe(true);
  });

  it("§10.2: the address-of-record is the user in the target's domain, without port or parameters", () => {
    const target = right(targetUri("sip:127.0.0.1:5060;transport=tcp"));
    if (target._tag !== "SipUri") throw new Error("fixture");
    expect(printUri(addressOfRecord("alice", target))).toBe("sip:alice@127.0.0.1");
  });
});

const response = (status: string, cseq: string): string =>
  `SIP/2.0 ${status}\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKb1\r\nFrom: <sip:alice@127.0.0.1>;tag=t1\r\nTo: <sip:bob@127.0.0.1>;tag=r9\r\nCall-ID: c1\r\nCSeq: ${cseq}\r\nContent-Length: 0\r\n\r\n`;

describe("RFC 3261 §8.1.3 the final responses a client command prints", () => {
  it("files final responses by CSeq method, the latest winning; provisionals and requests are not final responses", () => {
    const f = new FinalResponses();
    f.observe(bytes(response("401 Unauthorized", "1 REGISTER")));
    f.observe(bytes(response("200 OK", "2 REGISTER")));
    f.observe(bytes(response("180 Ringing", "1 INVITE")));
    f.observe(bytes("OPTIONS sip:a@b SIP/2.0\r\n\r\n"));
    expect(O.map((r: { readonly status: number; readonly reason: string }) => `${r.status} ${r.reason}`)(f.last("REGISTER"))).toEqual(O.some("200 OK"));
    expect(f.last("INVITE")).toEqual(O.none);
  });

  it("next(method) resolves with the next final response to that method only", async () => {
    const f = new FinalResponses();
    const bye = f.next("BYE");
    f.observe(bytes(response("200 OK", "1 INVITE")));
    f.observe(bytes(response("481 Call/Transaction Does Not Exist", "2 BYE")));
    expect((await bye).status).toBe(481);
  });
});


describe("puresip subscribe arguments (RFC 6665 §8.2.1)", () => {
  it("reads the target, the event package, Expires and a 30 s default duration", () => {
    expect(right(parseClientArgs("subscribe", ["sip:conf@127.0.0.1:5062", "--event", "conference", "--expires", "600"]))).toMatchObject({
      command: "subscribe",
      target: "sip:conf@127.0.0.1:5062",
      event: "conference",
      expires: 600,
      durationMs: 30_000,
    });
    expect(right(parseClientArgs("subscribe", ["sip:conf@x", "-e", "presence", "-d", "2s"]))).toMatchObject({ event: "presence", durationMs: 2000 });
  });
  it("needs an event package, and one that is a token", () => {
    expect(parseClientArgs("subscribe", ["sip:conf@x"])).toEqual(E.left("--event is required: puresip subscribe <uri> --event <package> [--expires N] [--duration 30s]"));
    expect(parseClientArgs("subscribe", ["sip:conf@x", "--event", "a b"])).toEqual(E.left('--event must be an event package name (a token), got "a b"'));
  });
});
