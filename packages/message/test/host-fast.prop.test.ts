// The one-pass host scan of scanHostPort takes a shortcut for the common hostname shape; these
// properties check that it decides exactly as the general grammar checks (classifyHost) do.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { isFail } from "../src/uri/error.js";
import { classifyHost, scanHostPort } from "../src/uri/host.js";

/** Strings over the host alphabet and a few terminators, biased towards label-like shapes. */
const arbHostish = fc.stringMatching(/^[a-zA-Z0-9.-]{0,20}$/);
const arbLabel = fc.stringMatching(/^[a-zA-Z0-9-]{0,6}$/);
const arbDotted = fc.array(arbLabel, { minLength: 1, maxLength: 5 }).map((ls) => ls.join("."));
const arbQuad = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 3, maxLength: 5 }).map((ns) => ns.join("."));
const arbTail = fc.constantFrom("", ":5060", ";branch=z9hG4bK1", ":", ":99999", ">", " x");

/** What scanHostPort answered before the shortcut: the host's extent classified by classifyHost. */
const reference = (s: string) => {
  let j = 0;
  while (j < s.length && /[a-zA-Z0-9.-]/.test(s.charAt(j))) j++;
  if (j === 0) return "fail";
  const host = classifyHost(s.slice(0, j));
  return host === undefined ? "fail" : { host, j };
};

describe("RFC 3261 §25.1 host: the one-pass scan agrees with the grammar", () => {
  test.prop([fc.oneof(arbHostish, arbDotted, arbQuad), arbTail])("scanHostPort classifies the host as classifyHost does", (host, tail) => {
    const s = host + tail;
    const r = scanHostPort(s, 0, s.length);
    const ref = reference(s);
    if (ref === "fail") expect(r).toMatchObject({ _tag: "Fail", at: 0 });
    else if (isFail(r)) expect(r.at).toBeGreaterThan(ref.j); // only the port can fail
    else {
      expect(r.host).toStrictEqual(ref.host);
      if (r.port === undefined) expect(r.next).toBe(ref.j);
      else expect(s.slice(ref.j, r.next)).toBe(`:${r.port}`);
    }
  });
  test("RFC 3261 §25.1 examples", () => {
    expect(scanHostPort("pc33.atlanta.example.com:5060", 0, 29)).toStrictEqual({ host: { _tag: "Hostname", value: "pc33.atlanta.example.com" }, port: 5060, next: 29 });
    expect(scanHostPort("192.0.2.4", 0, 9)).toStrictEqual({ host: { _tag: "IPv4", value: "192.0.2.4" }, port: undefined, next: 9 });
    expect(scanHostPort("a.example.com.", 0, 14)).toStrictEqual({ host: { _tag: "Hostname", value: "a.example.com." }, port: undefined, next: 14 });
    expect(scanHostPort("a-.example.com", 0, 14)).toMatchObject({ _tag: "Fail" });
    expect(scanHostPort("a.1com", 0, 6)).toMatchObject({ _tag: "Fail" });
    expect(scanHostPort("1.2.3.256", 0, 9)).toMatchObject({ _tag: "Fail" });
  });
});
