import { describe, expect, it } from "vitest";
import { Emitter } from "../src/emitter.js";

type Ev = { readonly _tag: "A"; readonly n: number } | { readonly _tag: "B" };

describe("the facade's event emitter", () => {
  it("tells the listeners of the tag, then those of 'event', in registration order", () => {
    const seen: Array<string> = [];
    const e = new Emitter<Ev>(() => undefined);
    e.on("event", (x) => seen.push(`event ${x._tag}`));
    e.on("A", () => seen.push("A1"));
    e.on("A", () => seen.push("A2"));
    e.emit({ _tag: "A", n: 1 });
    e.emit({ _tag: "B" });
    expect(seen).toEqual(["A1", "A2", "event A", "event B"]);
  });

  it("a listener that throws is reported and the others still run (nothing public throws)", () => {
    const faults: Array<string> = [];
    const seen: Array<number> = [];
    const e = new Emitter<Ev>((d) => faults.push(d));
    e.on("A", () => {
      throw new Error("boom");
    });
    e.on("A", (x) => {
      if (x._tag === "A") seen.push(x.n);
    });
    e.emit({ _tag: "A", n: 7 });
    expect(seen).toEqual([7]);
    expect(faults).toEqual(["a listener for A threw: boom"]);
  });

  it("off removes a listener, also from inside its own call; emptied tags are forgotten", () => {
    const e = new Emitter<Ev>(() => undefined);
    let calls = 0;
    const once = (): void => {
      calls++;
      e.off("A", once);
    };
    e.on("A", once);
    e.emit({ _tag: "A", n: 1 });
    e.emit({ _tag: "A", n: 2 });
    expect(calls).toBe(1);
  });
});
