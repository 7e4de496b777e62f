// RFC 3261 §16.4's maddr rule and §16.5's, as properties over Request-URIs: a maddr of this
// proxy (on a port and transport it listens on) goes, with them; any other is the only target.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findParam, printUri } from "@puresip/message";
import { defaultRoute, preprocessRoute } from "../src/index.js";
import { config, request, right } from "./sip.js";

const uriSpec = fc.record({
  user: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
  domain: fc.constantFrom("example.com", "other.example.net", "192.0.2.1"),
  port: fc.option(fc.constantFrom(5060, 5070), { nil: undefined }),
  maddr: fc.option(fc.constantFrom("192.0.2.1", "192.0.2.99", "proxy.example.com"), { nil: undefined }),
  transport: fc.option(fc.constantFrom("udp", "tcp"), { nil: undefined }),
});

describe("RFC 3261 §16.4, §16.5 maddr over any Request-URI", () => {
  it("RFC3261-16.4-5, RFC3261-16.5-1: an own maddr is stripped with its port and transport, any other maddr makes the Request-URI the only target", () => {
    const cfg = config();
    fc.assert(
      fc.property(uriSpec, (s) => {
        const text = `sip:${s.user}@${s.domain}${s.port === undefined ? "" : `:${String(s.port)}`}${s.maddr === undefined ? "" : `;maddr=${s.maddr}`}${s.transport === undefined ? "" : `;transport=${s.transport}`}`;
        const out = right(preprocessRoute(cfg, request({ uri: text })));
        const own = s.maddr === "192.0.2.1" && (s.port ?? 5060) === 5060 && (s.transport ?? "udp") === "udp";
        expect(printUri(out.uri)).toBe(own ? `sip:${s.user}@${s.domain}` : text);
        // Stripping is done once and for all: the result is left as it is.
        expect(printUri(right(preprocessRoute(cfg, out)).uri)).toBe(printUri(out.uri));
        const left = out.uri._tag === "SipUri" ? findParam(out.uri.params, "maddr") : undefined;
        if (left !== undefined) expect(defaultRoute(out, cfg)).toEqual({ _tag: "Targets", targets: [{ uri: out.uri, q: 1 }] });
      }),
      { numRuns: 200 },
    );
  });
});
