import { describe, expect } from "vitest";
import { test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, parseUri, printUri, serializeMessage } from "@puresip/message";
import { parseSdp, serializeSdp } from "@puresip/sdp";
import { arbMessage, arbSessionDescription, arbUri } from "../src/index.js";

// The arbitraries users get from @puresip/testkit generate values their codecs accept.
describe("@puresip/testkit re-exports the codec arbitraries", () => {
  test.prop([arbMessage], { numRuns: 50 })("every generated SIP message survives the wire (RFC 3261 §7)", (message) => {
    expect(E.isRight(parseMessage(serializeMessage(message)))).toBe(true);
  });
  test.prop([arbUri], { numRuns: 50 })("every generated URI parses back (RFC 3261 §19.1)", (uri) => {
    expect(parseUri(printUri(uri))).toStrictEqual(E.right(uri));
  });
  test.prop([arbSessionDescription], { numRuns: 50 })("every generated session description parses back (RFC 8866)", (sd) => {
    expect(parseSdp(serializeSdp(sd))).toStrictEqual(E.right(sd));
  });
});
