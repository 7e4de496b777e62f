import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { decodeUtf8, encodeUtf8, validateMessage } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { optionsResponse } from "../src/index.js";
import type { OptionsAnswer } from "../src/index.js";
import { endpoint, fieldValues, sip, toTag } from "./fixtures.js";

const SDP = "v=0\r\no=carol 28908764872 28908764872 IN IP4 192.0.2.4\r\ns=-\r\nt=0 0\r\nc=IN IP4 192.0.2.4\r\nm=audio 0 RTP/AVP 0 1 3\r\n";
const sdpBody = { contentType: { type: "application", subtype: "sdp", params: [] }, content: encodeUtf8(SDP) };

// §11.1's example OPTIONS, with the Accept line varied.
const options = (...accept: ReadonlyArray<string>): SipRequest =>
  sip(
    "OPTIONS sip:carol@chicago.example.com SIP/2.0",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
    "Max-Forwards: 70",
    "To: <sip:carol@chicago.example.com>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710",
    "CSeq: 63104 OPTIONS",
    "Contact: <sip:alice@pc33.atlanta.example.com>",
    ...accept,
    "Content-Length: 0",
  );

const answer = (request: SipRequest, a: OptionsAnswer = { toTag }): SipResponse => {
  const r = optionsResponse(endpoint, a)(request);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  expect(E.isRight(validateMessage(r.right))).toBe(true);
  return r.right;
};

describe("RFC 3261 §11.2 processing of OPTIONS requests", () => {
  it("200 with Allow, Accept, Accept-Encoding, Accept-Language and Supported from the capabilities", () => {
    const response = answer(options("Accept: application/sdp"));
    expect(response.status).toBe(200);
    expect(fieldValues(response, "Allow")).toEqual(["INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, SUBSCRIBE, NOTIFY"]);
    expect(fieldValues(response, "Accept")).toEqual(["application/sdp"]);
    expect(fieldValues(response, "Accept-Encoding")).toEqual([""]);
    expect(fieldValues(response, "Accept-Language")).toEqual(["en"]);
    expect(fieldValues(response, "Supported")).toEqual(["100rel, timer"]);
    expect(fieldValues(response, "To")).toEqual(["<sip:carol@chicago.example.com>;tag=uas7f3a"]);
  });

  it("the status is the one an INVITE would get (486 when busy)", () => {
    expect(answer(options(), { toTag, status: 486 }).status).toBe(486);
  });

  it("Contact may be present", () => {
    const contact = [{ _tag: "NameAddr" as const, uri: { _tag: "SipUri" as const, scheme: "sip" as const, user: "carol", host: { _tag: "Hostname" as const, value: "cube2214a.chicago.example.com" }, params: [], headers: [] }, angle: true, params: [] }];
    expect(fieldValues(answer(options(), { toTag, contact }), "Contact")).toEqual(["<sip:carol@cube2214a.chicago.example.com>"]);
  });

  it("the session description goes in when Accept admits application/sdp, or Accept is absent (§20.1)", () => {
    for (const request of [options("Accept: application/sdp"), options()]) {
      const response = answer(request, { toTag, body: sdpBody });
      expect(fieldValues(response, "Content-Type")).toEqual(["application/sdp"]);
      expect(decodeUtf8(response.body)).toEqual(E.right(SDP));
    }
  });

  it("the body is left out when Accept does not admit it", () => {
    const response = answer(options("Accept: text/plain"), { toTag, body: sdpBody });
    expect(fieldValues(response, "Content-Type")).toEqual([]);
    expect(response.body.length).toBe(0);
  });

  it("a malformed Accept is a Left naming the header", () => {
    const r = optionsResponse(endpoint, { toTag })(options("Accept: sdp"));
    expect(E.isLeft(r) && r.left.header).toBe("Accept");
  });
});
