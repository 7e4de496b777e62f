import { describe, expect, it } from "vitest";
import { attr, roundTrip } from "./helpers.js";

describe("RFC 5576 §4.1 ssrc", () => {
  it("ssrc id, attribute and value (the value may hold spaces and colons)", () => {
    expect(attr("ssrc:3570614608 cname:4TOk42mSjXCkVIa6")).toStrictEqual({ _tag: "Ssrc", ssrc: 3570614608, attribute: "cname", value: "4TOk42mSjXCkVIa6" });
    expect(attr("ssrc:1 msid:stream1 track:1")).toStrictEqual({ _tag: "Ssrc", ssrc: 1, attribute: "msid", value: "stream1 track:1" });
    expect(attr("ssrc:1 flag")).toStrictEqual({ _tag: "Ssrc", ssrc: 1, attribute: "flag" });
  });
  it("rejects an id above 2^32-1 or no attribute", () => {
    expect(typeof attr("ssrc:4294967296 cname:x")).toBe("string");
    expect(typeof attr("ssrc:1")).toBe("string");
  });
});

describe("RFC 5576 §4.2 ssrc-group", () => {
  it("semantics and ssrc ids", () => {
    expect(attr("ssrc-group:FID 2231627014 632943048")).toStrictEqual({ _tag: "SsrcGroup", semantics: "FID", ssrcs: [2231627014, 632943048] });
    expect(roundTrip("ssrc-group:SIM 1 2 3")).toBe("ssrc-group:SIM 1 2 3");
    expect(typeof attr("ssrc-group:FID x")).toBe("string");
  });
});
