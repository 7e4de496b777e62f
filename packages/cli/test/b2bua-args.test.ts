import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseB2buaArgs } from "../src/commands/b2bua.js";
import { b2buaUaConfig } from "../src/b2bua/run.js";

describe("puresip b2bua arguments", () => {
  it("--to is required and must be a SIP URI; the rest has defaults (127.0.0.1:5060) and clear errors", () => {
    expect(parseB2buaArgs([])).toEqual(E.left("--to <uri> is required: where the calls go"));
    expect(parseB2buaArgs(["--to", "tel:+123"])).toEqual(E.left('--to must be a sip: or sips: URI, got "tel:+123"'));
    const plan = parseB2buaArgs(["--to", "sip:bob@192.0.2.7:5080"]);
    expect(E.isRight(plan) && { host: plan.right.host, port: plan.right.port, quiet: plan.right.quiet, maxLinks: plan.right.maxLinks }).toEqual({ host: "127.0.0.1", port: 5060, quiet: false, maxLinks: undefined });
    expect(parseB2buaArgs(["--to", "sip:b@h", "--port", "70000"])).toEqual(E.left('--port must be an integer in [0, 65535], got "70000"'));
    expect(parseB2buaArgs(["--to", "sip:b@h", "--max-links", "0"])._tag).toBe("Left");
    expect(parseB2buaArgs(["--to", "sip:b@h", "extra"])).toEqual(E.left('unexpected argument "extra"'));
  });

  it("RFC 3261 §8.1.1.8, §18.1.1: the UA core under the B2BUA has its bound address in Contact and Via, and no media of its own", () => {
    const config = b2buaUaConfig("127.0.0.1", 40123);
    expect(E.isRight(config) && config.right.contact).toMatchObject({ _tag: "SipUri", port: 40123 });
    expect(E.isRight(config) && config.right.sentBy.port).toBe(40123);
    expect(E.isRight(config) && config.right.media).toBeUndefined();
  });
});
