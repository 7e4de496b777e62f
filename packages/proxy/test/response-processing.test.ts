import { describe, expect, it } from "vitest";
import { headerValues, printUri } from "@puresip/message";
import { cancelFor, chooseBest, finalResponse, statelessResponse } from "../src/index.js";
import { config, request, responseTo, right } from "./sip.js";

describe("RFC 3261 §16.7 response processing", () => {
  const r = request();

  it("§16.7 step 6: a 6xx wins; otherwise the lowest class", () => {
    expect(chooseBest([responseTo(r, 486), responseTo(r, 603), responseTo(r, 302)])?.status).toBe(603);
    expect(chooseBest([responseTo(r, 486), responseTo(r, 302), responseTo(r, 500)])?.status).toBe(302);
  });

  it("§16.7 step 6: no final response at all is 408; a chosen 503 becomes 500", () => {
    expect(right(finalResponse(r, [])).status).toBe(408);
    expect(right(finalResponse(r, [responseTo(r, 503)])).status).toBe(500);
  });

  it("§16.7 step 7: a 401/407 carries every challenge of the other 401 and 407 responses", () => {
    const a = responseTo(r, 401, "x", [{ name: "WWW-Authenticate", value: 'Digest realm="a", nonce="1"' }]);
    const b = responseTo(r, 407, "y", [{ name: "Proxy-Authenticate", value: 'Digest realm="b", nonce="2"' }]);
    const best = right(finalResponse(r, [responseTo(r, 486), a, b]));
    expect(best.status).toBe(401);
    expect(headerValues("WWW-Authenticate")(best)).toEqual(['Digest realm="a", nonce="1"']);
    expect(headerValues("Proxy-Authenticate")(best)).toEqual(['Digest realm="b", nonce="2"']);
  });

  it("§16.7 step 3 / §16.11: a response goes upstream without our top Via, to the Via below it", () => {
    const forwarded = request({ vias: ["SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc"] });
    const [up, to] = right(statelessResponse(config(), responseTo(forwarded, 180)));
    expect(up.core.via).toHaveLength(1);
    expect(to).toEqual({ transport: "UDP", host: "192.0.2.10", port: 5060 });
    expect(statelessResponse(config(), responseTo(request(), 180))._tag).toBe("Left");
  });

  it("§9.1: the CANCEL has the request's Request-URI, Call-ID, To, From, CSeq number, Route and only its top Via", () => {
    const sent = request({ vias: ["SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc"], extra: ["Route: <sip:p2.example.net;lr>"] });
    const c = right(cancelFor(sent));
    expect(c.method).toBe("CANCEL");
    expect(printUri(c.uri)).toBe(printUri(sent.uri));
    expect(c.core.via).toHaveLength(1);
    expect(c.core.cseq).toEqual({ seq: 1, method: "CANCEL" });
    expect(c.core.route).toHaveLength(1);
    expect(c.core.callId).toBe(sent.core.callId);
  });
});
