// Validated once (issue #14): an adapter that stamped and validated a request marks the kernel's
// `Received` event `validated`, and the UA core's §8.2 checks do not run validateMessage again;
// an unmarked request (someone driving `step` directly, the simulator) still gets every check.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseMessage } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import { checkRequest, initialState, step } from "../../src/index.js";
import type { StoreEntry, UaEffect } from "../../src/index.js";
import { endpoint, noRecent, sip } from "../fixtures.js";
import { peerOf, uaConfig } from "./harness.js";

const corpus = fileURLToPath(new URL("../../../../../shared/corpus/rfc4475/", import.meta.url));
const config = uaConfig("bob", "192.0.2.2");

const fromCorpus = (name: string): SipMessage => {
  const parsed = parseMessage(readFileSync(`${corpus}${name}.dat`));
  if (E.isLeft(parsed)) throw new Error(`${name} does not parse`);
  return parsed.right;
};

const run = (message: SipMessage, validated: boolean): ReadonlyArray<UaEffect> => {
  const event = { _tag: "Received" as const, now: 0, message, source: peerOf("192.0.2.99") };
  return step(config)(new Map<string, StoreEntry>(), initialState([14]), validated ? { ...event, validated: true } : event)[1];
};

const statuses = (effects: ReadonlyArray<UaEffect>): ReadonlyArray<number> =>
  effects.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Response" ? [e.message.status] : []));

const options = sip(
  "OPTIONS sip:bob@192.0.2.2 SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKopt14",
  "Max-Forwards: 70",
  "To: <sip:bob@192.0.2.2>",
  "From: <sip:alice@192.0.2.99>;tag=a14",
  "Call-ID: validated-once@192.0.2.99",
  "CSeq: 1 OPTIONS",
  "Content-Length: 0",
);

describe("RFC 3261 §8.2 validated once: the adapter's mark and the core's own check", () => {
  it("§8.2: an unmarked request that fails validateMessage (RFC 4475 §3.3.8 multi01) gets the core's 400", () => {
    expect(statuses(run(fromCorpus("multi01"), false))).toStrictEqual([400]);
  });

  it("§8.2: a request marked validated is not validated again: the core trusts the adapter's check (the same multi01 is not refused 400 by the core)", () => {
    expect(statuses(run(fromCorpus("multi01"), true))).not.toContain(400);
  });

  it("§11.2: for a valid request the mark changes nothing: the same OPTIONS gives the same effects marked or not", () => {
    const unmarked = run(options, false);
    expect(statuses(unmarked)).toStrictEqual([200]);
    expect(run(options, true)).toStrictEqual(unmarked);
  });

  it("§18.2.1: the top Via is stamped once: a request marked validated keeps the adapter's stamp, an unmarked one is stamped by the core", () => {
    const fromElsewhere = sip(
      "OPTIONS sip:bob@192.0.2.2 SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.50;branch=z9hG4bKstamp14",
      "Max-Forwards: 70",
      "To: <sip:bob@192.0.2.2>",
      "From: <sip:alice@192.0.2.50>;tag=a14",
      "Call-ID: stamped-once@192.0.2.50",
      "CSeq: 1 OPTIONS",
      "Content-Length: 0",
    );
    const topVia = (effects: ReadonlyArray<UaEffect>): ReadonlyArray<string> =>
      effects.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Response" ? e.message.headers.filter((h) => h.name === "Via").map((h) => h.value) : []));
    // The core stamps what nobody stamped: the source differs from the sent-by.
    expect(topVia(run(fromElsewhere, false))).toStrictEqual(["SIP/2.0/UDP 192.0.2.50;branch=z9hG4bKstamp14;received=192.0.2.99"]);
    // Marked: the adapter's stamp (here: none, as this test hands it over) is what the response carries.
    expect(topVia(run(fromElsewhere, true))).toStrictEqual(["SIP/2.0/UDP 192.0.2.50;branch=z9hG4bKstamp14"]);
  });

  it("§8.2.1: checkRequest with `validated` skips only validateMessage; the later checks still run (405/501 for an unsupported method)", () => {
    const publish = sip(
      "PUBLISH sip:bob@192.0.2.2 SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKpub14",
      "Max-Forwards: 70",
      "To: <sip:bob@192.0.2.2>",
      "From: <sip:alice@192.0.2.99>;tag=a14",
      "Call-ID: validated-publish@192.0.2.99",
      "CSeq: 1 PUBLISH",
      "Content-Length: 0",
    );
    const checked = checkRequest({ ...endpoint, methods: endpoint.methods.filter((m) => m !== "PUBLISH") }, { ...noRecent, validated: true })(publish);
    expect(E.isLeft(checked) && [405, 501].includes(checked.left.status)).toBe(true);
  });
});
