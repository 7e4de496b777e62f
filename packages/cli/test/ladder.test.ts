import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { ladderCommand, readLog } from "../src/commands/ladder.js";
import { readPuresipLog, readSippLog } from "../src/ladder/log.js";
import { readTsharkJson } from "../src/ladder/tshark.js";

const fixtures = fileURLToPath(new URL("./fixtures/ladder/", import.meta.url));
const read = (name: string): string => readFileSync(`${fixtures}${name}`, "utf8");

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

// The fixtures are real: sipp-uac.log is `sipp -sn uac -trace_msg` against `sipp -sn uas`,
// tshark.json is `tshark -Y sip -T json -j "frame ip udp sip"` of the same calls on lo.
describe("puresip ladder: golden diagrams", () => {
  for (const [log, golden] of [
    ["puresip.log", "puresip"],
    ["sipp-uac.log", "sipp-uac"],
    ["tshark.json", "tshark"],
  ] as const) {
    it(`${log} as text`, () => {
      expect(right(ladderCommand(read(log), "auto", "text"))).toBe(read(`${golden}.golden.txt`));
    });
    it(`${log} as SVG`, () => {
      expect(right(ladderCommand(read(log), "auto", "svg"))).toBe(read(`${golden}.golden.svg`));
    });
  }
});

describe("RFC 3261 §7.1, §7.2 arrow labels: method for a request, status and reason for a response", () => {
  it("SIPp's basic call from the uac side: INVITE, 180, 200, ACK, BYE, 200", () => {
    const ladder = right(readSippLog(read("sipp-uac.log")));
    expect(ladder.participants).toEqual(["sipp", "peer"]);
    expect(ladder.rows.map((r) => `${r.from}>${r.to} ${r.label}`)).toEqual([
      "sipp>peer INVITE",
      "peer>sipp 180 Ringing",
      "peer>sipp 200 OK",
      "sipp>peer ACK",
      "sipp>peer BYE",
      "peer>sipp 200 OK",
    ]);
    expect(ladder.rows[0]?.at).toBe("15:07:09.054801");
  });

  it("tshark JSON: endpoints are address:port, times relative to the capture in ms", () => {
    const ladder = right(readTsharkJson(read("tshark.json")));
    expect(ladder.participants).toEqual(["127.0.0.1:47061", "127.0.0.1:47060"]);
    expect(ladder.rows.map((r) => r.label)).toEqual(["INVITE", "180 Ringing", "200 OK", "ACK", "BYE", "200 OK"]);
    expect(ladder.rows.map((r) => r.at)).toEqual(["0.000", "0.000", "0.001", "0.001", "0.005", "0.005"]);
  });

  it("tshark JSON: a retransmission Wireshark flags (sip.resend) is noted; a TCP segment with two messages gives two rows", () => {
    const packet = (sip: unknown) => ({
      _source: {
        layers: {
          frame: { "frame.time_relative": "0.5" },
          ip: { "ip.src": "10.0.0.1", "ip.dst": "10.0.0.2" },
          tcp: { "tcp.srcport": "5060", "tcp.dstport": "5061" },
          sip,
        },
      },
    });
    const json = JSON.stringify([
      packet({ "sip.Request-Line": "INVITE sip:b@x SIP/2.0", "sip.Request-Line_tree": { "sip.resend": "1" } }),
      packet([{ "sip.Status-Line": "SIP/2.0 100 Trying" }, { "sip.Status-Line": "SIP/2.0 486 Busy Here" }]),
    ]);
    const ladder = right(readTsharkJson(json));
    expect(ladder.rows).toEqual([
      { at: "0.500", from: "10.0.0.1:5060", to: "10.0.0.2:5061", label: "INVITE", note: "retransmission" },
      { at: "0.500", from: "10.0.0.1:5060", to: "10.0.0.2:5061", label: "100 Trying" },
      { at: "0.500", from: "10.0.0.1:5060", to: "10.0.0.2:5061", label: "486 Busy Here" },
    ]);
  });

  it("a message that does not parse keeps its first line as the label and says why", () => {
    const ladder = right(readPuresipLog(read("puresip.log")));
    const last = ladder.rows.at(-1);
    expect(last?.label).toBe("OPTIONS sip:127.0.0.1 SIP/2.0");
    expect(last?.note).toMatch(/^unparsed: .*this line is not a header/);
  });

  it("a log saved with LF line ends reads like one with CRLF", () => {
    const lf = read("puresip.log");
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(right(readPuresipLog(crlf))).toEqual(right(readPuresipLog(lf)));
  });
});

describe("puresip ladder: bad input is a Left naming the line", () => {
  it("text that is no known log", () => {
    const r = readLog("hello\nworld\n", "auto");
    expect(E.isLeft(r) && r.left.detail).toMatch(/not a log this command reads/);
  });

  it("text before the first header", () => {
    const r = readPuresipLog("stray\n--- 0 a -> b\nOPTIONS sip:x SIP/2.0\n");
    expect(r).toEqual(E.left({ _tag: "LogError", line: 1, detail: "text before the first message header" }));
  });

  it("a header without an arrow", () => {
    const r = readPuresipLog("--- 0 a -> b\nOPTIONS sip:x SIP/2.0\n\n--- 1 a b\nOPTIONS sip:x SIP/2.0\n");
    expect(E.isLeft(r) && r.left.line).toBe(4);
  });

  it("a SIPp block that is neither sent nor received", () => {
    const r = readSippLog("----------- 2026-11-27 15:07:09.054801\nsomething else\n\nOPTIONS sip:x SIP/2.0\n");
    expect(E.isLeft(r) && r.left).toMatchObject({ line: 2 });
  });

  it("tshark output that is not JSON, not an array, or has no SIP", () => {
    expect(E.isLeft(readTsharkJson("[{"))).toBe(true);
    expect(E.isLeft(readTsharkJson("{}"))).toBe(true);
    const r = readTsharkJson(JSON.stringify([{ _source: { layers: { ip: { "ip.src": "a", "ip.dst": "b" } } } }]));
    expect(E.isLeft(r) && r.left.detail).toMatch(/no SIP message/);
  });

  it("an explicit --from that does not match the text is an error, not a guess", () => {
    expect(E.isLeft(readLog(read("puresip.log"), "tshark"))).toBe(true);
    expect(E.isLeft(readLog(read("tshark.json"), "sipp"))).toBe(true);
  });
});
