// RFC 3261 §8.1.2: the next hop of a request, from the request and, when known, its route set.
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import { Methods, callId, createRequest, printUri } from "@puresip/message";
import type { SipUri, Uri } from "@puresip/message";
import { buildRequest, createUacDialog } from "@puresip/dialog";
import { createResponse, tag } from "@puresip/message";
import { nextHop } from "../../src/uac/next-hop.js";
import { uri } from "./harness.js";
import { must } from "./step-driver.js";

const via = { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4" as const, value: "10.0.0.1" }, params: [{ name: "branch", value: "z9hG4bKnh1" }] };
const addr = (u: Uri) => ({ _tag: "NameAddr" as const, uri: u, angle: true, params: [] });

const request = (requestUri: string, route: ReadonlyArray<string>) =>
  must(
    createRequest({
      method: Methods.BYE,
      uri: uri(requestUri),
      via,
      to: addr(uri("sip:bob@biloxi.example.com")),
      from: { ...addr(uri("sip:alice@atlanta.example.com")), params: [{ name: "tag", value: "a1" }] },
      callId: must(callId("nh1")),
      seq: 2,
      route: route.map((r) => addr(uri(r))),
    }),
  );

const hostOf = (hop: ReturnType<typeof nextHop>): string => (hop._tag === "Peer" ? `${hop.peer.host}:${hop.peer.port}` : hop._tag);

describe("RFC 3261 §8.1.2 next hop", () => {
  it("§8.1.2: no Route: the Request-URI", () => {
    expect(hostOf(nextHop(request("sip:bob@192.0.2.99:5062", []), "UDP"))).toBe("192.0.2.99:5062");
  });
  it("§8.1.2: a loose router first (lr): the first Route", () => {
    expect(hostOf(nextHop(request("sip:bob@192.0.2.99:5062", ["sip:192.0.2.51:5070;lr"]), "UDP"))).toBe("192.0.2.51:5070");
  });
  it("§8.1.2 / §12.2.1.1: a first Route without lr: the request was formed for a strict router, which is in the Request-URI", () => {
    expect(hostOf(nextHop(request("sip:192.0.2.50", ["sip:bob@192.0.2.99:5062"]), "UDP"))).toBe("192.0.2.50:5060");
  });
  it("§8.1.2: a route set that is known decides: strict first, then loose, goes to the Request-URI", () => {
    const r = request("sip:192.0.2.50", ["sip:192.0.2.51:5070;lr", "sip:bob@192.0.2.99:5062"]);
    expect(hostOf(nextHop(r, "UDP", O.some([uri("sip:192.0.2.50"), uri("sip:192.0.2.51:5070;lr")])))).toBe("192.0.2.50:5060");
    expect(hostOf(nextHop(r, "UDP", O.none))).toBe("192.0.2.51:5070");
  });
});

const hop: fc.Arbitrary<SipUri> = fc.record({ ip: fc.ipV4(), port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }), lr: fc.boolean() }).map(({ ip, port, lr }) => ({
  _tag: "SipUri",
  scheme: "sip",
  host: { _tag: "IPv4", value: ip },
  ...(port === undefined ? {} : { port }),
  params: lr ? [{ name: "lr" }] : [],
  headers: [],
}));

describe("RFC 3261 §8.1.2 next hop, as a property", () => {
  test.prop([fc.array(hop, { maxLength: 4 }), hop])(
    "§12.2.1.1 + §8.1.2: every request built in a dialog goes to the first element of its route set, or to the remote target when there is none",
    (routeSet, target) => {
      const invite = must(
        createRequest({
          method: Methods.INVITE,
          uri: uri("sip:bob@biloxi.example.com"),
          via,
          to: addr(uri("sip:bob@biloxi.example.com")),
          from: { ...addr(uri("sip:alice@atlanta.example.com")), params: [{ name: "tag", value: "a1" }] },
          callId: must(callId("nh2")),
          seq: 1,
          contact: [addr(uri("sip:alice@10.0.0.1"))],
        }),
      );
      // The UAS's Record-Route lists the route set in reverse (§12.1.2).
      const headers = [{ name: "Contact", value: `<${printUri(target)}>` }, ...(routeSet.length === 0 ? [] : [{ name: "Record-Route", value: [...routeSet].reverse().map((u) => `<${printUri(u)}>`).join(", ") }])];
      const ok = must(createResponse(200, { toTag: must(tag("b1")), headers })(invite));
      const dialog = must(createUacDialog(invite, { overTls: false })(ok));
      const [bye] = must(buildRequest({ method: Methods.BYE, via, initialSeq: 1 })(dialog));
      const expected = routeSet[0] ?? target;
      const want = `${expected.host.value}:${expected.port ?? 5060}`;
      expect(hostOf(nextHop(bye, "UDP", O.some(dialog.routeSet.map((r) => r.uri))))).toBe(want);
      // Without the route set the request alone decides, except when a strict router is followed
      // by an entry with lr (a loose router, or a remote target that has lr): that first Route looks loose.
      const ambiguous = routeSet[0] !== undefined && routeSet[0].params.length === 0 && (routeSet[1] ?? target).params.length > 0;
      if (!ambiguous) expect(hostOf(nextHop(bye, "UDP"))).toBe(want);
    },
  );
});
