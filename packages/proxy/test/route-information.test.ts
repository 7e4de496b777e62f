import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { printUri } from "@puresip/message";
import { preprocessRoute } from "../src/index.js";
import { config, request, right } from "./sip.js";

describe("RFC 3261 §16.4 route information preprocessing", () => {
  const cfg = config();

  it("§16.4: a Request-URI this proxy put in a Record-Route is replaced by the last Route (a strict router sent it)", () => {
    const r = request({ uri: "sip:192.0.2.1:5060;lr", extra: ["Route: <sip:p3.example.net;lr>, <sip:bob@192.0.2.30>"] });
    const out = right(preprocessRoute(cfg, r));
    expect(printUri(out.uri)).toBe("sip:bob@192.0.2.30");
    expect(out.core.route.map((a) => printUri(a.uri))).toEqual(["sip:p3.example.net;lr"]);
  });

  it("§16.4: the first Route naming this proxy is removed; others stay", () => {
    const r = request({ extra: ["Route: <sip:192.0.2.1;lr>, <sip:p2.example.net;lr>"] });
    expect(right(preprocessRoute(cfg, r)).core.route.map((a) => printUri(a.uri))).toEqual(["sip:p2.example.net;lr"]);
    const other = request({ extra: ["Route: <sip:p2.example.net;lr>"] });
    expect(E.map((x: typeof other) => x.core.route.length)(preprocessRoute(cfg, other))).toEqual(E.right(1));
  });
});
