// RFC 4475 §3.3 (and the unknown-method cases of §3.1) sent to a UAS core: the response the RFC names.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { validateMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { checkRequest, optionsResponse, rejectionResponse } from "../src/index.js";
import type { Rejection } from "../src/index.js";
import { endpoint, fieldValues, noRecent, parseRequest, toTag } from "./fixtures.js";

const corpus = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const load = (name: string): SipRequest => parseRequest(readFileSync(`${corpus}${name}.dat`));

const rejected = (name: string): { readonly request: SipRequest; readonly rejection: Rejection } => {
  const request = load(name);
  const checked = checkRequest(endpoint, noRecent)(request);
  if (E.isRight(checked)) throw new Error(`${name} was accepted`);
  return { request, rejection: checked.left };
};

/** The response a UAS sends, which must itself be a valid message. */
const respond = (name: string) => {
  const { request, rejection } = rejected(name);
  const response = rejectionResponse(rejection, { toTag })(request);
  if (E.isLeft(response)) throw new Error(JSON.stringify(response.left));
  expect(E.isRight(validateMessage(response.right))).toBe(true);
  return { rejection, response: response.right };
};

describe("RFC 4475 §3.3 test messages at a UAS", () => {
  it("§3.3.2 unkscm: Request-URI with an unknown scheme → 416", () => {
    const { rejection, response } = respond("unkscm");
    expect(rejection._tag).toBe("UnsupportedUriScheme");
    expect(response.status).toBe(416);
    expect(response.reason).toBe("Unsupported URI Scheme");
  });

  it("§3.3.3 novelsc: a known but atypical scheme (soap.beep) → 416", () => {
    const { response } = respond("novelsc");
    expect(response.status).toBe(416);
  });

  it("§3.3.5 bext01: Require with unknown option-tags → 420 with Unsupported listing them (Proxy-Require ignored)", () => {
    const { rejection, response } = respond("bext01");
    expect(rejection._tag).toBe("BadExtension");
    expect(response.status).toBe(420);
    expect(fieldValues(response, "Unsupported")).toEqual(["nothingSupportsThis, nothingSupportsThisEither"]);
  });

  it("§3.3.6 invut: a body of unknown Content-Type → 415 with Accept", () => {
    const { rejection, response } = respond("invut");
    expect(rejection._tag).toBe("UnsupportedMediaType");
    expect(response.status).toBe(415);
    expect(fieldValues(response, "Accept")).toEqual(["application/sdp"]);
  });

  it("§3.3.7 regaut01: REGISTER at an endpoint that is not a registrar → 405 with Allow", () => {
    const { rejection, response } = respond("regaut01");
    expect(rejection._tag).toBe("MethodNotAllowed");
    expect(response.status).toBe(405);
    expect(fieldValues(response, "Allow")).toEqual(["INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, SUBSCRIBE, NOTIFY"]);
  });

  it("§3.3.11 zeromf: Max-Forwards 0 is processed normally by an endpoint, and OPTIONS is answered 200", () => {
    const request = load("zeromf");
    expect(checkRequest(endpoint, noRecent)(request)).toEqual(E.right(request));
    const answer = optionsResponse(endpoint, { toTag })(request);
    expect(E.isRight(answer) && answer.right.status).toBe(200);
  });

  it("§3.3.15 sdp01: Accept without application/sdp on an INVITE → 406 with Warning 399", () => {
    const { rejection, response } = respond("sdp01");
    expect(rejection._tag).toBe("NotAcceptable");
    expect(response.status).toBe(406);
    expect(fieldValues(response, "Warning")).toEqual(['399 uas.example.com "Accept admits none of application/sdp"']);
  });

  it("§3.1.2.18 mismatch02: unknown method with a CSeq method mismatch → 400 (501 also acceptable), naming the problem", () => {
    const { rejection, response } = respond("mismatch02");
    expect(rejection._tag).toBe("Malformed");
    expect(response.status).toBe(400);
    expect(response.reason).toContain("CSeq method INVITE does not match request method NEWMETHOD");
  });

  it("§3.1.1.2 intmeth: an unknown method → 501 with Allow", () => {
    const { rejection, response } = respond("intmeth");
    expect(rejection._tag).toBe("NotImplemented");
    expect(response.status).toBe(501);
    expect(fieldValues(response, "Allow")).toHaveLength(1);
  });

  it("§3.1.1.5 esc02: RE%47IST%45R is not REGISTER → 501 with Allow", () => {
    const { rejection, response } = respond("esc02");
    expect(rejection._tag).toBe("NotImplemented");
    expect(response.status).toBe(501);
    expect(fieldValues(response, "Allow")).toHaveLength(1);
  });
});
