import * as E from "fp-ts/lib/Either.js";
import { parseMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { describe, expect, it } from "vitest";
import { DEFAULT_TCP_THRESHOLD, mustSwitchToTcp, stampSentBy } from "../src/index.js";
import { enc, options } from "./helpers.js";

const request = (via: string): SipRequest => {
  const m = parseMessage(enc(options("z9hG4bKout", via)));
  if (E.isLeft(m) || m.right._tag !== "Request") throw new Error("fixture");
  return m.right;
};

describe("RFC 3261 §18.1.1 sending requests", () => {
  it("a request over 1300 octets with an unknown path MTU must move from UDP to a congestion-controlled transport", () => {
    expect(DEFAULT_TCP_THRESHOLD).toBe(1300);
    expect(mustSwitchToTcp("UDP", 1301, 1300)).toBe(true);
    expect(mustSwitchToTcp("udp", 1300, 1300)).toBe(false);
    expect(mustSwitchToTcp("TCP", 5000, 1300)).toBe(false);
  });

  it("when the transport changes, the top Via says the new one and its sent-by; the branch stays", () => {
    const stamped = stampSentBy("TCP", { host: "127.0.0.1", port: 5070 })(request("SIP/2.0/UDP 127.0.0.1:5060"));
    expect(E.isRight(stamped) && stamped.right.headers.find((h) => h.name === "Via")?.value).toBe("SIP/2.0/TCP 127.0.0.1:5070;rport;branch=z9hG4bKout");
  });

  it("an IPv6 sent-by is written in brackets", () => {
    const stamped = stampSentBy("UDP", { host: "::1", port: 5062 })(request("SIP/2.0/UDP 127.0.0.1:5060"));
    expect(E.isRight(stamped) && stamped.right.core.via[0]?.host).toEqual({ _tag: "IPv6", value: "::1" });
    expect(E.isRight(stamped) && stamped.right.headers.find((h) => h.name === "Via")?.value).toBe("SIP/2.0/UDP [::1]:5062;rport;branch=z9hG4bKout");
  });

  it("a Via that already names the transport and address is left as it is", () => {
    const r = request("SIP/2.0/UDP 127.0.0.1:5060");
    const stamped = stampSentBy("UDP", { host: "127.0.0.1", port: 5060 })(r);
    expect(E.isRight(stamped) && stamped.right).toBe(r);
  });
});
