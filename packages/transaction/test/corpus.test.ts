// RFC 4475 torture messages through the transaction layer: whatever parses, the layer routes
// without throwing, and the two messages about transaction identifiers match their
// retransmissions (badbranch.dat, inv2543.dat).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipMessage } from "@puresip/message";
import { parseMessage } from "@puresip/message";
import type { LayerEffect, Transaction, TransactionKey } from "../src/index.js";
import { defaultLayerConfig, step } from "../src/index.js";
import { udp } from "./sip.js";

const dir = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".dat"));
const layer = step(defaultLayerConfig);

const parsed = (file: string): SipMessage | null => {
  const r = parseMessage(new Uint8Array(readFileSync(dir + file)));
  return E.isRight(r) ? r.right : null;
};

const receive = (map: Map<TransactionKey, Transaction>, message: SipMessage, now: number): ReadonlyArray<LayerEffect> => {
  const effects = layer(map, { _tag: "Received", now, message, source: udp });
  for (const e of effects) {
    if (e._tag === "Store") map.set(e.key, e.transaction);
    if (e._tag === "Forget") map.delete(e.key);
  }
  return effects;
};

describe("RFC 4475 torture messages through the transaction layer", () => {
  it("finds the corpus", () => {
    expect(files.length).toBe(50);
  });

  it.each(files)("%s: routed without throwing", (file) => {
    const m = parsed(file);
    if (m === null) return;
    const map = new Map<TransactionKey, Transaction>();
    const first = receive(map, m, 0);
    const kinds = new Set(first.map((e) => e._tag));
    // A request starts a server transaction (or is an ACK for the core), a response is stray
    // here, and anything without the identifiers matching needs is discarded with a reason.
    expect([...kinds].every((k) => ["Store", "NewRequest", "Ack", "StrayResponse", "Discarded", "Transmit"].includes(k))).toBe(true);
    if (kinds.has("NewRequest")) {
      // The same bytes again are a retransmission: absorbed, never a second NewRequest.
      expect(receive(map, m, 10).some((e) => e._tag === "NewRequest")).toBe(false);
      expect(map.size).toBe(1);
    }
  });

  it("badbranch.dat (§3.2.1, branch=z9hG4bK alone): one server transaction that absorbs its retransmission", () => {
    const m = parsed("badbranch.dat");
    expect(m).not.toBeNull();
    const map = new Map<TransactionKey, Transaction>();
    expect(receive(map, m!, 0).map((e) => e._tag)).toEqual(["Store", "NewRequest"]);
    expect(receive(map, m!, 10).filter((e) => e._tag === "NewRequest")).toEqual([]);
  });

  it("inv2543.dat (§3.4.1, no branch): matched by the RFC 2543 rules of §17.2.3", () => {
    const m = parsed("inv2543.dat");
    expect(m?._tag).toBe("Request");
    const map = new Map<TransactionKey, Transaction>();
    const first = receive(map, m!, 0);
    expect(first.map((e) => e._tag)).toEqual(["Store", "NewRequest"]);
    const key = first[1]?._tag === "NewRequest" ? first[1].key : "";
    expect(key.startsWith("S2543 ")).toBe(true);
    expect(receive(map, m!, 10).filter((e) => e._tag === "NewRequest")).toEqual([]);
  });
});
