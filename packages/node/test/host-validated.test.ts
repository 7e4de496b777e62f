// Validated once (issue #14): ElementHost runs `receive` (§18.2.1 stamp, validation) and hands
// what passes to the element marked `validated`, so the UA core does not validate it again.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { describe, expect, it } from "vitest";
import type { Element, Event } from "@puresip/kernel";
import { parseMessage } from "@puresip/message";
import { cryptoEntropy } from "../src/csprng.js";
import { ElementHost } from "../src/host.js";
import { Counters, silentLogger } from "../src/log.js";

const bytes = (lines: ReadonlyArray<string>): Uint8Array => new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`);

const options = (extra: ReadonlyArray<string> = []): Uint8Array =>
  bytes([
    "OPTIONS sip:bob@127.0.0.1 SIP/2.0",
    "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKhost14",
    "Max-Forwards: 70",
    "To: <sip:bob@127.0.0.1>",
    "From: <sip:alice@127.0.0.1>;tag=a14",
    "Call-ID: host-validated@127.0.0.1",
    "CSeq: 1 OPTIONS",
    ...extra,
    "Content-Length: 0",
  ]);

/** An element that only records the events it is given. */
const recorder = (): { readonly element: Element<null, never, never, never>; readonly events: Array<Event<never>> } => {
  const events: Array<Event<never>> = [];
  const element: Element<null, never, never, never> = {
    step: (_registry, state, event) => {
      events.push(event);
      return [state, []];
    },
    nextDeadline: () => O.none,
    codec: { state: t.null, entry: t.never },
  };
  return { element, events };
};

const host = (element: Element<null, never, never, never>): ElementHost<null, never, never, never> =>
  new ElementHost({
    element,
    start: { state: null, entries: [] },
    transports: new Map(),
    resolve: () => Promise.resolve(E.left("no resolver in this test")),
    deliver: () => undefined,
    entropy: cryptoEntropy(),
    log: silentLogger,
    counters: new Counters(),
  });

describe("RFC 3261 §18.2.1, §8.2: ElementHost validates once and marks the event", () => {
  it("§18.2.1: a valid request reaches the element once, marked validated", () => {
    const { element, events } = recorder();
    const h = host(element);
    h.inbound({ transport: "UDP", source: { host: "127.0.0.1", port: 5099 }, local: { host: "127.0.0.1", port: 5060 }, parsed: parseMessage(options()) });
    h.stop();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?._tag === "Received" && event.validated).toBe(true);
    expect(event?._tag === "Received" && event.message._tag).toBe("Request");
  });

  it("§8.2: a request that fails validation never reaches the element (answered or dropped by receive)", () => {
    const { element, events } = recorder();
    const h = host(element);
    h.inbound({ transport: "UDP", source: { host: "127.0.0.1", port: 5099 }, local: { host: "127.0.0.1", port: 5060 }, parsed: parseMessage(options(["Max-Forwards: 69"])) });
    h.stop();
    expect(events).toHaveLength(0);
  });
});
