import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipRequest } from "@puresip/message";
import * as fc from "fast-check";
import { ackMatchesResponse, cancelledKey, clientKeyOfRequest, clientKeyOfResponse, serverKeyOfRequest, serverKeyOfResponse } from "../src/index.js";
import { request, response } from "./sip.js";

const key = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

describe("RFC 3261 §17.1.3 Matching Responses to Client Transactions", () => {
  const invite = request({ method: "INVITE" });
  it("a response matches by top Via branch and CSeq method", () => {
    expect(key(clientKeyOfResponse(response(invite, 180)))).toBe(key(clientKeyOfRequest(invite)));
  });

  it("a CANCEL shares the branch but is another transaction", () => {
    const cancel = request({ method: "CANCEL" });
    expect(key(clientKeyOfRequest(cancel))).not.toBe(key(clientKeyOfRequest(invite)));
    expect(key(clientKeyOfResponse(response(cancel, 200)))).toBe(key(clientKeyOfRequest(cancel)));
  });

  it("another branch is another transaction", () => {
    const other = request({ method: "INVITE", branch: "z9hG4bKother" });
    expect(key(clientKeyOfResponse(response(other, 200)))).not.toBe(key(clientKeyOfRequest(invite)));
  });

  it("a request without a branch has no client key", () => {
    const bare: SipRequest = { ...invite, core: { ...invite.core, via: [{ ...invite.core.via[0]!, params: [] }] } };
    expect(E.isLeft(clientKeyOfRequest(bare))).toBe(true);
  });
});

describe("RFC 3261 §17.2.3 Matching Requests to Server Transactions", () => {
  const invite = request({ method: "INVITE" });
  const inviteKey = key(serverKeyOfRequest(invite));

  it("a retransmission matches: same branch, sent-by and method", () => {
    expect(key(serverKeyOfRequest(request({ method: "INVITE" })))).toBe(inviteKey);
  });

  it("the ACK of a non-2xx matches the INVITE transaction", () => {
    expect(key(serverKeyOfRequest(request({ method: "ACK", toTag: "a6c85cf" })))).toBe(inviteKey);
  });

  it("§7.3.1: the branch is a token, compared case-insensitively", () => {
    expect(key(serverKeyOfRequest(request({ method: "INVITE", branch: "z9hG4bK776ASDHDS" })))).toBe(inviteKey);
    expect(key(clientKeyOfResponse(response(request({ method: "INVITE", branch: "z9hG4bK776ASDHDS" }), 200)))).toBe(key(clientKeyOfRequest(invite)));
  });

  it("a different sent-by is a different transaction, even with the same branch", () => {
    expect(key(serverKeyOfRequest(request({ method: "INVITE", viaHost: "other.example.com" })))).not.toBe(inviteKey);
    expect(key(serverKeyOfRequest(request({ method: "INVITE", viaPort: 5070 })))).not.toBe(inviteKey);
  });

  it("sent-by hosts compare case-insensitively", () => {
    expect(key(serverKeyOfRequest(request({ method: "INVITE", viaHost: "CLIENT.example.COM" })))).toBe(inviteKey);
  });

  it("a CANCEL is its own transaction, and cancelledKey finds the INVITE it targets (§9.2)", () => {
    const cancel = request({ method: "CANCEL" });
    expect(key(serverKeyOfRequest(cancel))).not.toBe(inviteKey);
    expect(key(cancelledKey(cancel))).toBe(inviteKey);
  });

  it("a request without a Via has no server key", () => {
    expect(serverKeyOfRequest({ ...invite, core: { ...invite.core, via: [] } })).toEqual(E.left({ _tag: "KeyError", reason: "INVITE has no Via" }));
  });
});

describe("RFC 3261 §17.2.3 RFC 2543 fallback (no magic cookie)", () => {
  const old = request({ method: "INVITE", branch: "1234" });
  const oldKey = key(serverKeyOfRequest(old));

  it("matches a retransmission by Request-URI, tags, Call-ID, CSeq and top Via", () => {
    expect(key(serverKeyOfRequest(request({ method: "INVITE", branch: "1234" })))).toBe(oldKey);
  });

  it("tells apart requests differing in Call-ID, CSeq, From tag or Request-URI", () => {
    for (const spec of [{ callId: "x@y" }, { seq: 2 }, { fromTag: "zz" }, { uri: "carol" }]) {
      expect(key(serverKeyOfRequest(request({ method: "INVITE", branch: "1234", ...spec })))).not.toBe(oldKey);
    }
  });

  it("the ACK matches the INVITE whatever its To tag, and ackMatchesResponse checks that tag", () => {
    const ack = request({ method: "ACK", branch: "1234", toTag: "a6c85cf" });
    expect(key(serverKeyOfRequest(ack))).toBe(oldKey);
    expect(ackMatchesResponse(ack, response(old, 486, "a6c85cf"))).toBe(true);
    expect(ackMatchesResponse(ack, response(old, 486, "different"))).toBe(false);
  });

  it("non-INVITE requests also key on the To tag", () => {
    const bye = (toTag: string) => key(serverKeyOfRequest(request({ method: "BYE", branch: "77", toTag })));
    expect(bye("a")).not.toBe(bye("b"));
  });

  it("never collides with an RFC 3261 key", () => {
    expect(oldKey).not.toBe(key(serverKeyOfRequest(request({ method: "INVITE" }))));
  });
});

describe("RFC 3261 §17.2.3 / RFC 6026 §8.3: the server transaction a response is sent on", () => {
  it("a response's server key is its request's (branch, sent-by and method; ACK's is INVITE's), for any RFC 3261 branch and sent-by", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("INVITE", "BYE", "OPTIONS", "SUBSCRIBE"),
        fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
        fc.constantFrom("client.example.com", "192.0.2.7", "[2001:db8::1]"),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.integer({ min: 100, max: 699 }),
        (m, b, viaHost, viaPort, status) => {
          const r = request({ method: m, branch: `z9hG4bK${b}`, viaHost, ...(viaPort === undefined ? {} : { viaPort }) });
          expect(key(serverKeyOfResponse(response(r, status)))).toBe(key(serverKeyOfRequest(r)));
        },
      ),
    );
  });

  it("an RFC 2543 branch gives no key (the RFC 2543 key needs the Request-URI, which a response lacks)", () => {
    expect(E.isLeft(serverKeyOfResponse(response(request({ method: "INVITE", branch: "1234" }), 200)))).toBe(true);
  });
});
