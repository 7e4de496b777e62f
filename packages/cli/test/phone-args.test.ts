import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parsePhoneArgs } from "../src/commands/phone-args.js";

describe("puresip phone arguments", () => {
  it("defaults: 127.0.0.1, any port, UDP, user puresip, PCMU and PCMA offered (RFC 3264 §5)", () => {
    expect(parsePhoneArgs([])).toEqual(E.right({ host: "127.0.0.1", port: 0, transport: "udp", user: "puresip", codecs: ["PCMU", "PCMA"], trace: false }));
  });

  it("reads --user, --port, --transport tcp and --codecs; rejects a bad port, transport or a positional", () => {
    expect(parsePhoneArgs(["--user", "bob", "--port", "5070", "--transport", "tcp", "--codecs", "PCMA"])).toEqual(
      E.right({ host: "127.0.0.1", port: 5070, transport: "tcp", user: "bob", codecs: ["PCMA"], trace: false }),
    );
    expect(E.isLeft(parsePhoneArgs(["--port", "70000"]))).toBe(true);
    expect(E.isLeft(parsePhoneArgs(["--transport", "sctp"]))).toBe(true);
    expect(E.isLeft(parsePhoneArgs(["sip:x@y"]))).toBe(true);
    expect(E.isLeft(parsePhoneArgs(["--codecs", ","]))).toBe(true);
  });
});
