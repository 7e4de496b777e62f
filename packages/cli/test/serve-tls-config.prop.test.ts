import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import { defaultServeConfig, flagsPart, mergeServeConfig, transports } from "../src/config/serve-config.js";
import type { ServeFlags } from "../src/config/serve-config.js";

const arbFlags: fc.Arbitrary<ServeFlags> = fc.record(
  {
    transports: fc.subarray([...transports], { minLength: 1 }).map((ts) => ts.join(",")),
    tlsPort: fc.integer({ min: 0, max: 65535 }).map(String),
    tlsCert: fc.constant("site.pem"),
    tlsKey: fc.constant("site-key.pem"),
    tlsCa: fc.constant("ca.pem"),
    requestCert: fc.constant(true),
  },
  { requiredKeys: ["transports"] },
);

test.prop([arbFlags])(
  "RFC 3261 §26.2.1, §26.3.1: serve's TLS flags are accepted exactly when tls has a certificate and key, and the TLS-only ones come with tls; what is accepted is what was asked",
  (flags) => {
    const part = flagsPart(flags);
    if (E.isLeft(part)) throw new Error(part.left.join("; "));
    const merged = mergeServeConfig(defaultServeConfig, part.right);
    const tls = (flags.transports ?? "").split(",").includes("tls");
    const coherent = tls ? flags.tlsCert !== undefined && flags.tlsKey !== undefined : flags.requestCert !== true && flags.tlsCa === undefined;
    expect(E.isRight(merged)).toBe(coherent);
    if (E.isLeft(merged)) return;
    const c = merged.right;
    expect([c.requestCert, c.tlsCert, c.tlsKey, c.tlsCa, c.tlsPort]).toStrictEqual([flags.requestCert === true, flags.tlsCert, flags.tlsKey, flags.tlsCa, flags.tlsPort === undefined ? 5061 : Number(flags.tlsPort)]);
  },
);
