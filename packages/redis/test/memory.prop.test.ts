import { test } from "@fast-check/vitest";
import { describe } from "vitest";
import { interleavingHolds, scriptsArb } from "./interleaving.js";
import { memoryNodes } from "./nodes.js";

describe("RFC 3261 §10.3 location store, in memory: interleaved REGISTERs from two proxies", () => {
  test.prop([scriptsArb])("RFC3261-10.3-6, RFC3261-10.3-29, RFC3261-10.3-30: §10.3 step 7: the final bindings and every response are the sequential model's; no lapsed binding is ever returned", async (scripts) => {
    await interleavingHolds(memoryNodes, scripts);
  });
});
