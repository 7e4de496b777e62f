import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SipMessageCodec } from "@puresip/message";
import { normalizeLineEnds, parseCommand } from "../src/commands/parse.js";
import type { ParseReport } from "../src/commands/parse.js";
import type { Io } from "../src/io.js";
import { run } from "../src/main.js";

const corpus = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const fixture = (name: string): Uint8Array => readFileSync(`${corpus}${name}`);
const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));

const OPTIONS_LF = [
  "OPTIONS sip:carol@chicago.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
  "Max-Forwards: 70",
  "To: <sip:carol@chicago.example.com>",
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710",
  "CSeq: 63104 OPTIONS",
  "Content-Length: 0",
  "",
  "",
].join("\n");

const messageOf = (r: ParseReport) => {
  if (!("message" in r)) throw new Error(`expected a message, got ${JSON.stringify(r)}`);
  return r;
};

describe("RFC 4475 §3.1.1.1 wsinv.dat (a short tortuous INVITE)", () => {
  it("prints the message's JSON form with validation ok and exits 0", () => {
    const out = parseCommand(fixture("wsinv.dat"));
    expect(out.exitCode).toBe(0);
    const r = messageOf(out.report);
    expect(r.message._tag).toBe("Request");
    expect(r.message._tag === "Request" && r.message.method).toBe("INVITE");
    expect(r.validation).toEqual({ ok: true });
  });

  it("prints JSON that SipMessageCodec decodes back (the codec's JSON form)", () => {
    const r = messageOf(parseCommand(fixture("wsinv.dat")).report);
    const json: unknown = JSON.parse(JSON.stringify(r.message));
    const decoded = SipMessageCodec.decode(json);
    expect(decoded._tag).toBe("Right");
  });
});

describe("RFC 4475 §3.1.2.16 badvers.dat (unknown protocol version)", () => {
  it("parses, fails validation with 505 and exits 1", () => {
    const out = parseCommand(fixture("badvers.dat"));
    expect(out.exitCode).toBe(1);
    const r = messageOf(out.report);
    expect(r.validation.ok).toBe(false);
    expect(!r.validation.ok && r.validation.status).toBe(505);
    expect(!r.validation.ok && r.validation.problems.map((p) => p.kind)).toContain("Version");
  });
});

describe("RFC 4475 §3.3.1 insuf.dat (missing required header fields)", () => {
  it("parses, fails validation with 400 naming Call-ID, From and To, and exits 1", () => {
    const out = parseCommand(fixture("insuf.dat"));
    expect(out.exitCode).toBe(1);
    const r = messageOf(out.report);
    expect(!r.validation.ok && r.validation.status).toBe(400);
    const missing = !r.validation.ok ? r.validation.problems.filter((p) => p.kind === "Missing").map((p) => p.header) : [];
    expect(missing).toEqual(expect.arrayContaining(["Call-ID", "From", "To"]));
  });
});

describe("RFC 4475 §3.1.2.3 ncl.dat (negative Content-Length)", () => {
  it("prints { error: { kind, detail, offset, status } } and exits 1", () => {
    const out = parseCommand(fixture("ncl.dat"));
    expect(out.exitCode).toBe(1);
    if (!("error" in out.report)) throw new Error("expected a parse error");
    const { error } = out.report;
    expect(Object.keys(error).sort()).toEqual(["detail", "kind", "offset", "status"]);
    expect(error.kind).toBe("ContentLength");
    expect(error.status).toBe(400);
    expect(error.detail).toContain("-999");
    expect(error.offset).toBeGreaterThan(0);
  });
});

describe("RFC 3261 §7 line ends: bare LF input", () => {
  it("reads each LF as CRLF when the input has no CR at all", () => {
    const out = parseCommand(text(OPTIONS_LF));
    expect(out.exitCode).toBe(0);
    const r = messageOf(out.report);
    expect(r.message._tag === "Request" && r.message.method).toBe("OPTIONS");
  });

  it("leaves input with any CR untouched", () => {
    const mixed = text("a\r\nb\nc");
    expect(normalizeLineEnds(mixed)).toBe(mixed);
    expect(Buffer.from(normalizeLineEnds(text("a\nb\n"))).toString()).toBe("a\r\nb\r\n");
  });
});

interface Captured {
  readonly io: Io;
  readonly out: () => string;
  readonly err: () => string;
}

const fakeIo = (files: Readonly<Record<string, Uint8Array>>): Captured => {
  let out = "";
  let err = "";
  return {
    io: {
      read: (path) => {
        const f = files[path];
        return f === undefined ? Promise.reject(new Error("ENOENT: no such file")) : Promise.resolve(f);
      },
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
    },
    out: () => out,
    err: () => err,
  };
};

describe("puresip argument dispatch", () => {
  const files = { "wsinv.dat": fixture("wsinv.dat"), "ncl.dat": fixture("ncl.dat"), "-": text(OPTIONS_LF) };

  it("parse <file> prints JSON and exits 0 for a valid message", async () => {
    const c = fakeIo(files);
    expect(await run(["parse", "wsinv.dat"], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toMatchObject({ message: { method: "INVITE" }, validation: { ok: true } });
    expect(c.err()).toBe("");
  });

  it("parse <file> prints the error as JSON and exits 1 when the message does not parse", async () => {
    const c = fakeIo(files);
    expect(await run(["parse", "ncl.dat"], c.io)).toBe(1);
    expect(JSON.parse(c.out())).toMatchObject({ error: { kind: "ContentLength", status: 400 } });
  });

  it("parse with no file or with - reads stdin", async () => {
    for (const argv of [["parse"], ["parse", "-"]]) {
      const c = fakeIo(files);
      expect(await run(argv, c.io)).toBe(0);
      expect(JSON.parse(c.out())).toMatchObject({ message: { method: "OPTIONS" } });
    }
  });

  it("an unreadable file is a usage error on stderr, exit 2", async () => {
    const c = fakeIo(files);
    expect(await run(["parse", "missing.sip"], c.io)).toBe(2);
    expect(c.err()).toContain("missing.sip");
    expect(c.out()).toBe("");
  });

  it("--help prints usage on stdout and exits 0, mentioning the LF rule", async () => {
    const c = fakeIo(files);
    expect(await run(["--help"], c.io)).toBe(0);
    expect(c.out()).toContain("parse [file]");
    expect(c.out()).toContain("LF");
  });

  it("an unknown command or none prints usage on stderr and exits 2", async () => {
    for (const argv of [["frobnicate"], []]) {
      const c = fakeIo(files);
      expect(await run(argv, c.io)).toBe(2);
      expect(c.err()).toContain("Usage: puresip");
      expect(c.out()).toBe("");
    }
  });
});
