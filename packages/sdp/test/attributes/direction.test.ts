import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { intersectDirections, isCompatibleAnswer, mirror, receives, sends } from "../../src/index.js";
import type { Direction } from "../../src/index.js";
import { attr } from "./helpers.js";

const all: ReadonlyArray<Direction> = ["sendrecv", "sendonly", "recvonly", "inactive"];

describe("RFC 8866 §6.7 direction attributes", () => {
  it("are property attributes", () => {
    for (const d of all) expect(attr(d)).toStrictEqual({ _tag: "Direction", value: d });
    expect(attr("sendonly:x")).toBe("sendonly takes no value");
  });
});

describe("RFC 3264 §6.1 answer directions", () => {
  it("sendonly is answered recvonly or inactive; recvonly sendonly or inactive; inactive inactive; sendrecv anything", () => {
    const allowed = (offer: Direction) => all.filter((a) => isCompatibleAnswer(offer, a));
    expect(allowed("sendonly")).toStrictEqual(["recvonly", "inactive"]);
    expect(allowed("recvonly")).toStrictEqual(["sendonly", "inactive"]);
    expect(allowed("inactive")).toStrictEqual(["inactive"]);
    expect(allowed("sendrecv")).toStrictEqual(all);
  });
  test.prop([fc.constantFrom(...all), fc.constantFrom(...all)])("the mirror narrowed by anything is a valid answer", (offer, local) => {
    expect(isCompatibleAnswer(offer, intersectDirections(mirror(offer), local))).toBe(true);
  });
  test.prop([fc.constantFrom(...all)])("mirror swaps sending and receiving", (d) => {
    expect([sends(mirror(d)), receives(mirror(d))]).toStrictEqual([receives(d), sends(d)]);
  });
});
