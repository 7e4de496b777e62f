import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { createResponse, parseMessage, serializeMessage } from "@puresip/message";
import { tryingFor } from "../src/index.js";
import { request, values } from "./sip.js";

describe("RFC 3261 §8.2.6 the 100 (Trying) of an INVITE server transaction", () => {
  const invite = request({ method: "INVITE", timestamp: "54.2" });
  const trying = tryingFor(invite);

  it("is what the parser reads back from its own bytes (headers and core agree)", () => {
    expect(parseMessage(serializeMessage(trying))).toEqual(E.right(trying));
  });

  it("§8.2.6.1: copies the Timestamp", () => {
    expect(values(trying.headers, "Timestamp")).toEqual(["54.2"]);
  });

  it("§8.2.6.2: copies Via, From, To (no tag added), Call-ID and CSeq", () => {
    for (const name of ["Via", "From", "To", "Call-ID", "CSeq"]) expect(values(trying.headers, name)).toEqual(values(invite.headers, name));
    expect(trying.core.to?.params).toEqual([]);
  });

  it("agrees with @puresip/message's createResponse(100)", () => {
    expect(createResponse(100)(invite)).toEqual(E.right(trying));
  });
});
