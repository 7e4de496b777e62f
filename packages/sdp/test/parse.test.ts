import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseSdp, serializeSdp } from "../src/index.js";
import type { SdpError, SessionDescription } from "../src/index.js";
import { corpusBody, rfcExamples } from "./fixtures/rfc.js";

const ok = (text: string): SessionDescription => {
  const r = parseSdp(text);
  if (E.isLeft(r)) throw new Error(`${r.left.line}: ${r.left.message} in ${JSON.stringify(r.left.text)}`);
  return r.right;
};

const err = (text: string): SdpError => {
  const r = parseSdp(text);
  if (E.isRight(r)) throw new Error("expected an error");
  return r.left;
};

const examples = (file: string) => rfcExamples(file).filter((e) => e.sdp.split("\r\n").length > 3);

describe("RFC 8866 §5 examples", () => {
  const [first, second] = examples("rfc8866.txt");
  it("finds both full examples in the RFC text", () => {
    expect(first).toBeDefined();
    expect(second).toBeDefined();
  });
  it("§5: parses every field of the first example in order", () => {
    const sd = ok(first!.sdp);
    expect(sd.origin).toStrictEqual({
      username: "jdoe",
      sessionId: "3724394400",
      sessionVersion: "3724394405",
      netType: "IN",
      addrType: "IP4",
      unicastAddress: "198.51.100.1",
    });
    expect(sd.sessionName).toBe("Call to John Smith");
    expect(sd.information).toBe("SDP Offer #1");
    expect(sd.uri).toBe("http://www.jdoe.example.com/home.html");
    expect(sd.emails).toStrictEqual(["Jane Doe <jane@jdoe.example.com>"]);
    expect(sd.phones).toStrictEqual(["+1 617 555-6011"]);
    expect(sd.connection).toStrictEqual({ netType: "IN", addrType: "IP4", address: "198.51.100.1" });
    expect(sd.timing).toStrictEqual([{ start: 0, stop: 0, repeats: [] }]);
    expect(sd.media.map((m) => [m.media, m.port, m.proto, m.formats])).toStrictEqual([
      ["audio", 49170, "RTP/AVP", ["0"]],
      ["audio", 49180, "RTP/AVP", ["0"]],
      ["video", 51372, "RTP/AVP", ["99"]],
    ]);
    expect(sd.media[2]!.connections).toStrictEqual([{ netType: "IN", addrType: "IP6", address: "2001:db8::2" }]);
    expect(sd.media[2]!.attributes).toStrictEqual([{ _tag: "Rtpmap", payloadType: 99, encodingName: "h263-1998", clockRate: 90000 }]);
  });
  it("§6.7: session-level a=inactive and media-level a=sendrecv are typed", () => {
    const sd = ok(second!.sdp);
    expect(sd.attributes).toStrictEqual([{ _tag: "Direction", value: "inactive" }]);
    expect(sd.media[0]!.attributes).toStrictEqual([{ _tag: "Direction", value: "sendrecv" }]);
  });
  it("both examples round-trip to the same text", () => {
    for (const e of [first!, second!]) expect(serializeSdp(ok(e.sdp))).toBe(e.sdp);
  });
});

describe("RFC 3264 §9 and §10 examples", () => {
  const all = examples("rfc3264.txt");
  it("finds the nine examples", () => {
    expect(all.length).toBe(9);
  });
  it("parses every example and round-trips it (exact text, or canonical field order)", () => {
    for (const e of all) {
      const sd = ok(e.sdp);
      const text = serializeSdp(sd);
      expect(parseSdp(text)).toStrictEqual(E.right(sd));
      // Figure 1 writes t= before c=; RFC 8866 §5 puts c= first, and so does the printer.
      if (e.line !== 1020) expect(text).toBe(e.sdp);
    }
  });
  it("§9 Figure 1: c= after t= is accepted and printed in RFC 8866 order", () => {
    const fig1 = all.find((e) => e.line === 1020)!;
    const text = serializeSdp(ok(fig1.sdp));
    expect(text.indexOf("c=IN IP4 192.0.2.4")).toBeLessThan(text.indexOf("t=0 0"));
  });
});

describe("RFC 5118 §4.6 / §4.8 / §4.9 SDP bodies", () => {
  it("§4.6: IN IP6 without brackets", () => {
    const sd = ok(corpusBody("ipv6-in-sdp.dat"));
    expect(sd.origin.unicastAddress).toBe("2001:db8::20");
    expect(sd.origin.sessionId).toBe("971731711378798081");
    expect(sd.connection).toStrictEqual({ netType: "IN", addrType: "IP6", address: "2001:db8::20" });
    expect(sd.media.map((m) => m.port)).toStrictEqual([6000, 6024]);
  });
  it("§4.8: IPv4 audio and IPv6 video, no session c=", () => {
    const sd = ok(corpusBody("mult-ip-in-sdp.dat"));
    expect(sd.connection).toBeUndefined();
    expect(sd.sessionName).toBe("");
    expect(sd.media[0]!.connections[0]).toStrictEqual({ netType: "IN", addrType: "IP4", address: "192.0.2.1" });
    expect(sd.media[1]!.connections[0]).toStrictEqual({ netType: "IN", addrType: "IP6", address: "2001:db8::1" });
  });
  it("§4.9: IPv4-mapped IPv6 address", () => {
    const sd = ok(corpusBody("ipv4-mapped-ipv6.dat"));
    expect(sd.connection?.address).toBe("::ffff:192.0.2.2");
  });
  it("each body round-trips through the printer", () => {
    for (const f of ["ipv6-in-sdp.dat", "mult-ip-in-sdp.dat", "ipv4-mapped-ipv6.dat"]) {
      const sd = ok(corpusBody(f));
      expect(parseSdp(serializeSdp(sd))).toStrictEqual(E.right(sd));
    }
  });
});

const minimal = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";

describe("RFC 8866 §5 leniency where the real world is", () => {
  it("§5: accepts LF-only line ends and prints CRLF", () => {
    const text = `${minimal}m=audio 9 RTP/AVP 0\r\n`;
    expect(serializeSdp(ok(text.replace(/\r\n/g, "\n")))).toBe(text);
  });
  it("drops trailing spaces and tabs, and blank lines", () => {
    expect(serializeSdp(ok("v=0 \no=- 1 1 IN IP4 192.0.2.1\t\ns=-\n\nt=0 0  \n\n"))).toBe(minimal);
  });
  it("§5.3: keeps the single space of `s= `", () => {
    expect(ok("v=0\r\no=- 1 1 IN IP4 h\r\ns= \r\nt=0 0\r\n").sessionName).toBe(" ");
  });
  it("§5: keeps lines of unknown type, at session and media level", () => {
    const sd = ok(`${minimal}y=session extra\r\nm=audio 9 RTP/AVP 0\r\nx=media extra\r\n`);
    expect(sd.unknown).toStrictEqual([{ type: "y", value: "session extra" }]);
    expect(sd.media[0]!.unknown).toStrictEqual([{ type: "x", value: "media extra" }]);
    expect(serializeSdp(sd)).toContain("x=media extra\r\n");
  });
  it("§5.13: keeps unknown attributes verbatim, with and without value", () => {
    const sd = ok(`${minimal}a=x-custom:some value: with colons\r\na=x-flag\r\na=x-empty:\r\n`);
    expect(sd.attributes).toStrictEqual([
      { _tag: "Other", name: "x-custom", value: "some value: with colons" },
      { _tag: "Other", name: "x-flag" },
      { _tag: "Other", name: "x-empty", value: "" },
    ]);
  });
});

describe("RFC 8866 §5.7 connection data", () => {
  const c = (line: string) => ok(minimal.replace("t=0 0", `${line}\r\nt=0 0`)).connection;
  it("IPv4 multicast with TTL, and with TTL and address count", () => {
    expect(c("c=IN IP4 233.252.0.1/127")).toStrictEqual({ netType: "IN", addrType: "IP4", address: "233.252.0.1", ttl: 127 });
    expect(c("c=IN IP4 233.252.0.1/127/3")).toStrictEqual({ netType: "IN", addrType: "IP4", address: "233.252.0.1", ttl: 127, count: 3 });
  });
  it("IPv6 multicast with an address count and no TTL", () => {
    expect(c("c=IN IP6 ff1e:db8::1/3")).toStrictEqual({ netType: "IN", addrType: "IP6", address: "ff1e:db8::1", count: 3 });
    expect(err(minimal.replace("t=0 0", "c=IN IP6 ff1e:db8::1/3/2\r\nt=0 0")).message).toMatch(/no TTL/);
  });
  it("an FQDN", () => {
    expect(c("c=IN IP4 host.atlanta.example.com")?.address).toBe("host.atlanta.example.com");
  });
  it("rejects a TTL above 255", () => {
    expect(err(minimal.replace("t=0 0", "c=IN IP4 233.252.0.1/256\r\nt=0 0")).line).toBe(4);
  });
});

describe("RFC 8866 §5.9-§5.11 timing, repeat and zone lines", () => {
  it("parses r= typed times and z= with a negative offset, and round-trips", () => {
    const text = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=3724394400 3724398000\r\nr=7d 1h 0 25h\r\nr=604800 3600 0 90000\r\nz=3730928400 -1h 3749680800 0\r\n";
    const sd = ok(text);
    expect(sd.timing[0]!.repeats).toStrictEqual([
      { interval: { value: 7, unit: "d" }, duration: { value: 1, unit: "h" }, offsets: [{ value: 0 }, { value: 25, unit: "h" }] },
      { interval: { value: 604800 }, duration: { value: 3600 }, offsets: [{ value: 0 }, { value: 90000 }] },
    ]);
    expect(sd.zones).toStrictEqual([
      { time: 3730928400, offset: { value: -1, unit: "h" } },
      { time: 3749680800, offset: { value: 0 } },
    ]);
    expect(serializeSdp(sd)).toBe(text);
  });
});

describe("RFC 8866 §5 strict where meaning is at stake: the error names the line and the problem", () => {
  it("§5.1: must start with v=0", () => {
    expect(err("o=- 1 1 IN IP4 h\r\n")).toStrictEqual({ _tag: "SdpError", line: 1, text: "o=- 1 1 IN IP4 h", message: "an SDP body starts with v=0" });
    expect(err("v=1\r\n").message).toMatch(/v= must be 0/);
  });
  it("§5.2: o= needs six fields and numeric id and version", () => {
    expect(err("v=0\r\no=- 1 IN IP4 h\r\ns=-\r\n")).toMatchObject({ line: 2, text: "o=- 1 IN IP4 h" });
    expect(err("v=0\r\no=- x 1 IN IP4 h\r\ns=-\r\n").message).toMatch(/sess-id/);
  });
  it("§5.2 / §5.3: o= and s= are required", () => {
    expect(err("v=0\r\ns=-\r\n").message).toMatch(/missing o=/);
    expect(err("v=0\r\no=- 1 1 IN IP4 h\r\n").message).toMatch(/missing s=/);
  });
  it("rejects duplicate singletons and session fields after m=", () => {
    expect(err(`${minimal}c=IN IP4 h\r\nc=IN IP4 h\r\n`)).toMatchObject({ line: 6, message: "duplicate c= line at session level" });
    expect(err(`${minimal}m=audio 9 RTP/AVP 0\r\nt=0 0\r\n`)).toMatchObject({ line: 6 });
    expect(err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nr=7d 1h 0\r\n").message).toMatch(/r= must follow a t=/);
  });
  it("§5.14: m= needs a port in range", () => {
    expect(err(`${minimal}m=audio 70000 RTP/AVP 0\r\n`)).toMatchObject({ line: 5, message: "m= port must be 0-65535" });
    expect(ok(`${minimal}m=audio 49170/2 RTP/AVP 0\r\n`).media[0]).toMatchObject({ port: 49170, portCount: 2 });
  });
  it("a malformed known attribute is an error, not a silent Other", () => {
    expect(err(`${minimal}m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n`)).toMatchObject({ line: 6, text: "a=rtpmap:0 PCMU" });
    expect(err(`${minimal}a=sendrecv:yes\r\n`).message).toBe("sendrecv takes no value");
  });
  it("a line that is not <type>=<value>", () => {
    expect(err(`${minimal}hello\r\n`)).toMatchObject({ line: 5, text: "hello" });
    expect(err(`${minimal}A=x\r\n`).line).toBe(5);
  });
  it("an empty body", () => {
    expect(err("").message).toMatch(/empty/);
  });
});
