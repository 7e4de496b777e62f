import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { BindingsCodec, defaultRegistrarConfig, processRegister } from "../../src/usages/registrar/index.js";
import type { Binding, RegisterOutcome } from "../../src/usages/registrar/index.js";
import { fieldValues, sip, toTag } from "../fixtures.js";

const config = { ...defaultRegistrarConfig, domains: ["example.com"] };

const register = (paths: ReadonlyArray<string>, cseq = 1, contact = "<sip:ua1@192.0.2.4>"): ReturnType<typeof sip> =>
  sip(
    "REGISTER sip:example.com SIP/2.0",
    "Via: SIP/2.0/TCP p3.example.com;branch=z9hG4bKp3, SIP/2.0/TCP 192.0.2.4;branch=z9hG4bKua1",
    "Max-Forwards: 68",
    "To: <sip:ua1@example.com>",
    "From: <sip:ua1@example.com>;tag=81x2",
    "Call-ID: reg-path",
    `CSeq: ${String(cseq)} REGISTER`,
    "Supported: path",
    ...paths.map((p) => `Path: ${p}`),
    `Contact: ${contact}`,
  );

const run = (current: ReadonlyArray<Binding>, request: ReturnType<typeof sip>): RegisterOutcome => {
  const out = processRegister(config)(current, request, { now: 0, toTag });
  if (E.isLeft(out)) throw new Error(out.left);
  return out.right;
};

describe("RFC 3327 §5.3 the registrar and Path", () => {
  it("RFC 3327 §5.3: the path vector is stored with the binding in order, and the 200 copies the Path values", () => {
    const o = run([], register(["<sip:P3.EXAMPLEHOME.COM;lr>", "<sip:P1.EXAMPLEVISITED.COM;lr>"]));
    expect(o._tag).toBe("Accepted");
    if (o._tag !== "Accepted") return;
    expect(o.bindings[0]?.path).toEqual(["<sip:P3.EXAMPLEHOME.COM;lr>", "<sip:P1.EXAMPLEVISITED.COM;lr>"]);
    expect(fieldValues(o.response, "Path")).toEqual(["<sip:P3.EXAMPLEHOME.COM;lr>, <sip:P1.EXAMPLEVISITED.COM;lr>"]);
  });

  it("RFC 3327 §5.3: one Path field with two values is the same vector; a refresh without Path clears it", () => {
    const first = run([], register(["<sip:p3.example.com;lr>, <sip:p1.example.net;lr>"]));
    if (first._tag !== "Accepted") throw new Error("rejected");
    expect(first.bindings[0]?.path).toEqual(["<sip:p3.example.com;lr>", "<sip:p1.example.net;lr>"]);
    const again = run(first.bindings, register([], 2));
    if (again._tag !== "Accepted") throw new Error("rejected");
    expect(again.bindings[0]?.path).toBeUndefined();
    expect(fieldValues(again.response, "Path")).toEqual([]);
  });

  it("RFC 3327 §4: a malformed Path is refused with 400 and the bindings are left as they were", () => {
    const o = run([], register(["not a uri <"]));
    expect(o._tag === "Rejected" && o.response.status).toBe(400);
  });

  test.prop([fc.array(fc.stringMatching(/^p[0-9a-z]{1,8}$/), { minLength: 1, maxLength: 5 })])("RFC 3327 §5.3: any path vector survives the bindings' codec in order", (hosts) => {
    const o = run([], register(hosts.map((h) => `<sip:${h}.example.com;lr>`)));
    if (o._tag !== "Accepted") throw new Error("rejected");
    const back = BindingsCodec.decode(JSON.parse(JSON.stringify(BindingsCodec.encode(o.bindings))));
    expect(E.isRight(back) && back.right[0]?.path).toEqual(hosts.map((h) => `<sip:${h}.example.com;lr>`));
  });
});
