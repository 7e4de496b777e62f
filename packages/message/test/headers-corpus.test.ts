// The RFC 4475 and RFC 5118 torture messages, cut into header lines with a minimal splitter
// (the message parser is tested elsewhere), run through parseCoreHeaders and parseUri.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseCoreHeaders, parseUri, type HeaderField } from "../src/index.js";

const RFC4475 = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const RFC5118 = fileURLToPath(new URL("../../../../shared/corpus/rfc5118/", import.meta.url));

interface Head {
  readonly requestUri: string;
  readonly headers: ReadonlyArray<HeaderField>;
}

/** Start line and unfolded header lines (§7.3.1) of a corpus file; latin1 keeps bytes as code units. */
const head = (path: string): Head => {
  const text = readFileSync(path, "latin1");
  const lines = text.split(/\r?\n/);
  const blank = lines.indexOf("");
  const headLines = blank < 0 ? lines : lines.slice(0, blank);
  const start = headLines[0] ?? "";
  const unfolded: Array<string> = [];
  for (const line of headLines.slice(1)) {
    if (/^[ \t]/.test(line) && unfolded.length > 0) unfolded[unfolded.length - 1] = `${unfolded[unfolded.length - 1] ?? ""} ${line.trim()}`;
    else unfolded.push(line);
  }
  const headers = unfolded.map((l) => {
    const colon = l.indexOf(":");
    return { name: l.slice(0, colon).trim(), value: l.slice(colon + 1).trim() };
  });
  const parts = start.split(" ");
  return { requestUri: parts[1] ?? "", headers };
};

describe("RFC 5118 IPv6 torture messages", () => {
  it.each([
    "ipv6-good.dat", "port-ambiguous.dat", "port-unambiguous.dat", "via-received-param-with-delim.dat",
    "via-received-param-no-delim.dat", "ipv6-in-sdp.dat", "mult-ip-in-header.dat", "mult-ip-in-sdp.dat",
    "ipv4-mapped-ipv6.dat", "ipv6-bug-abnf-3-colons.dat", "ipv6-correct-abnf-2-colons.dat",
  ])("§4 %s: Request-URI and core headers parse", (file) => {
    const h = head(`${RFC5118}${file}`);
    expect(E.isRight(parseUri(h.requestUri)), h.requestUri).toBe(true);
    const core = parseCoreHeaders(h.headers);
    expect(core, JSON.stringify(core)).toSatisfy(E.isRight);
  });
  it("§4.2 rejects an IPv6 Request-URI without brackets", () => {
    const h = head(`${RFC5118}ipv6-bad.dat`);
    expect(E.isLeft(parseUri(h.requestUri))).toBe(true);
  });
  it("§4.3 reads [2001:db8::10:5070] as one address without a port", () => {
    expect(parseUri(head(`${RFC5118}port-ambiguous.dat`).requestUri)).toMatchObject(E.right({ host: { _tag: "IPv6", value: "2001:db8::10:5070" } }));
    expect(parseUri(head(`${RFC5118}port-unambiguous.dat`).requestUri)).toMatchObject(E.right({ host: { _tag: "IPv6", value: "2001:db8::10" }, port: 5070 }));
  });
  it("§4.7 keeps a mixed IPv6/IPv4 Via list in order", () => {
    const core = parseCoreHeaders(head(`${RFC5118}mult-ip-in-header.dat`).headers);
    expect(E.isRight(core) && core.right.via.map((v) => [v.host._tag, v.port])).toStrictEqual([["IPv6", 6050], ["IPv4", undefined], ["IPv6", undefined]]);
  });
});

describe("RFC 4475 §3.1.1 valid messages: core headers parse", () => {
  it.each([
    "wsinv.dat", "intmeth.dat", "esc01.dat", "escnull.dat", "esc02.dat", "lwsdisp.dat", "longreq.dat",
    "dblreq.dat", "semiuri.dat", "transports.dat", "mpart01.dat", "unreason.dat", "noreason.dat",
    "badbranch.dat", "unkscm.dat", "novelsc.dat", "unksm2.dat", "bext01.dat", "invut.dat", "regaut01.dat",
    "bcast.dat", "zeromf.dat", "cparam01.dat", "cparam02.dat", "regescrt.dat", "sdp01.dat", "inv2543.dat",
  ])("%s", (file) => {
    const core = parseCoreHeaders(head(`${RFC4475}${file}`).headers);
    expect(core, JSON.stringify(core)).toSatisfy(E.isRight);
  });
  it("§3.1.1.5 esc02: two Contact values, not three", () => {
    const core = parseCoreHeaders(head(`${RFC4475}esc02.dat`).headers);
    expect(E.isRight(core) && core.right.contact.length).toBe(2);
  });
  it("§3.1.1.1 wsinv: folded, compact and odd-LWS headers", () => {
    const core = parseCoreHeaders(head(`${RFC4475}wsinv.dat`).headers);
    expect(E.isRight(core) && core.right.via.map((v) => v.transport)).toStrictEqual(["UDP", "TCP", "UDP"]);
    expect(E.isRight(core) && core.right.cseq).toStrictEqual({ seq: 9, method: "INVITE" });
    expect(E.isRight(core) && core.right.maxForwards).toBe(68);
    expect(E.isRight(core) && core.right.contentLength).toBe(150);
  });
});

describe("RFC 4475 §3.1.2 invalid messages: the bad header is reported", () => {
  it.each([
    ["badinv01.dat", "Via"],
    ["ncl.dat", "Content-Length"],
    ["scalar02.dat", "CSeq"],
    ["scalarlg.dat", "CSeq"],
    ["quotbal.dat", "To"],
    ["regbadct.dat", "Contact"],
    ["badaspec.dat", "To"],
    ["baddn.dat", "From"],
  ])("%s fails on %s", (file, header) => {
    const core = parseCoreHeaders(head(`${RFC4475}${file}`).headers);
    expect(E.isLeft(core) && core.left.header).toBe(header);
  });
});
