import * as E from "fp-ts/lib/Either.js";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { printUri } from "@puresip/message";
import { invalidLabel, serverAddress, uaConfigFor } from "../src/index.js";

describe("RFC 7118 §5.5 the WebSocket server's address", () => {
  it("reads ws:// and wss:// URLs, with the default ports 80 and 443", () => {
    expect(serverAddress("ws://127.0.0.1:5066")).toEqual(E.right({ transport: "WS", host: "127.0.0.1", port: 5066 }));
    expect(serverAddress("wss://SIP.example.com/ws")).toEqual(E.right({ transport: "WSS", host: "sip.example.com", port: 443 }));
    expect(serverAddress("ws://[::1]/")).toEqual(E.right({ transport: "WS", host: "::1", port: 80 }));
  });

  it("refuses what is not a WebSocket URL, with the reason", () => {
    expect(E.isLeft(serverAddress("http://example.com"))).toBe(true);
    expect(E.isLeft(serverAddress("ws://example.com:70000"))).toBe(true);
    expect(E.isLeft(serverAddress("ws://"))).toBe(true);
  });
});

describe("RFC 7118 §5.2, §5.3 the .invalid Contact and Via of a browser", () => {
  const server = { transport: "WS" as const, host: "127.0.0.1", port: 5066 };

  it("uses sip:<user>@<random>.invalid;transport=ws as Contact and <random>.invalid over WS as sent-by", () => {
    const config = uaConfigFor({ aor: "sip:alice@example.com" }, server, "df7jal23ls0d");
    if (E.isLeft(config)) throw new Error(config.left);
    expect(printUri(config.right.contact)).toBe("sip:alice@df7jal23ls0d.invalid;transport=ws");
    expect(config.right.sentBy).toEqual({ host: { _tag: "Hostname", value: "df7jal23ls0d.invalid" }, transport: "WS" });
  });

  it("§5: WebSocket is a reliable transport, so the session uses reliable-transport timing", () => {
    const config = uaConfigFor({ aor: "sip:alice@example.com" }, { ...server, transport: "WSS" }, "abc");
    if (E.isLeft(config)) throw new Error(config.left);
    expect(config.right.session.reliable).toBe(true);
    expect(config.right.session.overTls).toBe(true);
    expect(config.right.sentBy.transport).toBe("WSS");
  });

  it("refuses a bad AOR or outbound proxy with a clear message", () => {
    expect(uaConfigFor({ aor: "not a uri" }, server, "abc")).toEqual(E.left(expect.stringContaining("aor")));
    expect(uaConfigFor({ aor: "sip:a@b", outboundProxy: ["::"] }, server, "abc")).toEqual(E.left(expect.stringContaining("outboundProxy")));
  });

  test.prop([fc.uint8Array({ minLength: 12, maxLength: 12 })])("every random label is a valid host label, and the Contact built on it parses", (bytes) => {
    const label = invalidLabel(bytes);
    expect(label).toMatch(/^[a-z0-9]{12}$/);
    expect(E.isRight(uaConfigFor({ aor: "sip:alice@example.com" }, server, label))).toBe(true);
  });
});
