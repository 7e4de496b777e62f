import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { readPuresipLog } from "../src/ladder/log.js";
import type { TracedMessage } from "../src/ladder/live.js";
import { traceLine, traceLogBlock } from "../src/ladder/live.js";
import { renderText } from "../src/ladder/monospace.js";

const endpoint = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1024, max: 65535 })).map(([h, p]) => `127.0.0.${h}:${p}`);

const request = fc.constantFrom("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE").map((method) => ({
  label: method,
  text: `${method} sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: c@x\r\nCSeq: 1 ${method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
}));
const response = fc.constantFrom([100, "Trying"], [180, "Ringing"], [200, "OK"], [401, "Unauthorized"], [486, "Busy Here"]).map(([status, reason]) => ({
  label: `${status} ${reason}`,
  text: `SIP/2.0 ${status} ${reason}\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\nCall-ID: c@x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`,
}));

const traced = fc.record({
  direction: fc.constantFrom("sent" as const, "received" as const),
  elapsedMs: fc.nat({ max: 10_000_000 }),
  local: endpoint,
  remote: endpoint,
  message: fc.oneof(request, response),
});

describe("--trace-log writes what puresip ladder reads", () => {
  test.prop([fc.array(traced, { minLength: 1, maxLength: 20 })])("every traced message comes back as one row, same ends, time and label", (ms) => {
    const messages: ReadonlyArray<TracedMessage & { label: string }> = ms.map((m) => ({ ...m, text: m.message.text, label: m.message.label }));
    const ladder = readPuresipLog(messages.map(traceLogBlock).join(""));
    if (E.isLeft(ladder)) throw new Error(ladder.left.detail);
    expect(ladder.right.rows.map((r) => [r.from, r.to, r.at, r.label])).toEqual(
      messages.map((m) => [m.direction === "sent" ? m.local : m.remote, m.direction === "sent" ? m.remote : m.local, (m.elapsedMs / 1000).toFixed(3), m.label]),
    );
    // One header line, then one line per message, each with exactly one arrowhead.
    const lines = renderText(ladder.right).trimEnd().split("\n");
    expect(lines.length).toBe(messages.length + 1);
    for (const l of lines.slice(1)) expect((l.match(/[<>]/g) ?? []).length).toBeLessThanOrEqual(1);
  });

  test.prop([traced])("a live --trace line points away from the local end when sent, towards it when received", (m) => {
    const line = traceLine({ ...m, text: m.message.text });
    expect(line.endsWith("\n")).toBe(true);
    expect(line).toContain(m.message.label);
    expect(line.indexOf(m.local)).toBeLessThan(line.lastIndexOf(m.remote));
    expect(line.includes(">|")).toBe(m.direction === "sent");
    expect(line.includes("|<")).toBe(m.direction === "received");
  });
});
