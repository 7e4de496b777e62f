import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { addHeader, parseMessage, serializeMessage } from "@puresip/message";
import { ackFor } from "../src/index.js";
import { request, response, values } from "./sip.js";

describe("RFC 3261 §17.1.1.3 Construction of the ACK Request", () => {
  const invite = request({ method: "INVITE", routes: ["p1.example.com", "p2.example.com"], seq: 42 });
  const busy = response(invite, 486, "8321234356");
  const ack = ackFor(invite, busy);

  it("is what the parser reads back from its own bytes (headers and core agree)", () => {
    expect(parseMessage(serializeMessage(ack))).toEqual(E.right(ack));
  });

  it("copies Request-URI, Call-ID, From, Max-Forwards and Route from the INVITE, To from the response", () => {
    expect(ack.uri).toEqual(invite.uri);
    expect(values(ack.headers, "Call-ID")).toEqual(values(invite.headers, "Call-ID"));
    expect(values(ack.headers, "From")).toEqual(values(invite.headers, "From"));
    expect(values(ack.headers, "Max-Forwards")).toEqual(["70"]);
    expect(values(ack.headers, "Route")).toEqual(values(invite.headers, "Route"));
    expect(values(ack.headers, "To")).toEqual(values(busy.headers, "To"));
  });

  it("has one Via, the INVITE's top Via, and CSeq with the INVITE's number and method ACK", () => {
    expect(ack.core.via).toEqual(invite.core.via.slice(0, 1));
    expect(values(ack.headers, "CSeq")).toEqual(["42 ACK"]);
    expect(ack.core.cseq).toEqual({ seq: 42, method: "ACK" });
  });

  it("keeps only the top Via when the INVITE carries several", () => {
    const twoVias = { ...invite, headers: [{ name: "Via", value: "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1" }, ...invite.headers] };
    const parsed = parseMessage(serializeMessage(twoVias));
    expect(E.isRight(parsed)).toBe(true);
    if (E.isRight(parsed) && parsed.right._tag === "Request") {
      const a = ackFor(parsed.right, busy);
      expect(values(a.headers, "Via")).toEqual(["SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1"]);
    }
  });

  it("has no body", () => {
    expect(ack.body.length).toBe(0);
    expect(values(ack.headers, "Content-Length")).toEqual(["0"]);
  });
});

describe("RFC 3261 §8.2.2.3 Require in the ACK for a non-2xx", () => {
  it("RFC3261-8.2.2.3-3: the ACK for a non-2xx carries no Require or Proxy-Require, whatever the INVITE required", () => {
    const base = request({ method: "INVITE" });
    const required = E.flatMap(addHeader("Require", "100rel")(base), addHeader("Proxy-Require", "sec-agree"));
    if (E.isLeft(required)) throw new Error("fixture");
    const ack = ackFor(required.right, response(required.right, 486));
    expect([values(ack.headers, "Require"), values(ack.headers, "Proxy-Require")]).toEqual([[], []]);
  });
});
