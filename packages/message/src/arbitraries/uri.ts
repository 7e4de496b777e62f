// fast-check arbitraries for URIs (RFC 3261 §19.1, RFC 3966, RFC 5954). They generate model
// values that printUri writes and parseUri reads back unchanged: every component is drawn from
// its own character class, with %-escapes mixed in where the grammar allows them.
import * as fc from "fast-check";
import type { AbsoluteUri, Host, Param, SipUri, TelUri, Uri } from "../model.js";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALPHA = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
const DIGIT = "0123456789";
const ALNUM = `${ALPHA}${DIGIT}`;
const HEX = "0123456789abcdefABCDEF";
const MARK = "-_.!~*'()";

const chars = (set: string): fc.Arbitrary<string> => fc.constantFrom(...Array.from(set));
const escape: fc.Arbitrary<string> = fc.tuple(chars(HEX), chars(HEX)).map(([a, b]) => `%${a}${b}`);

/** 1*( class / escaped ) or *( ... ) when minLength is 0. */
const escapedString = (set: string, minLength: number, maxLength = 8): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 6, arbitrary: chars(set) }, { weight: 1, arbitrary: escape }), { minLength, maxLength }).map((a) => a.join(""));

const USER = `${ALNUM}${MARK}&=+$,;?/`;
const PASSWORD = `${ALNUM}${MARK}&=+$,`;
const PARAM = `${ALNUM}${MARK}[]/:&+$`;
const HNV = `${ALNUM}${MARK}[]/?:+$`;
const URIC = `${ALNUM}${MARK};/?:@&=+$,`;

/** domainlabel / toplabel (§25.1): alphanumerics with inner hyphens; the top label starts with a letter. */
const label = (first: string): fc.Arbitrary<string> =>
  fc
    .tuple(chars(first), fc.array(chars(`${ALNUM}-`), { maxLength: 6 }), chars(ALNUM))
    .map(([a, mid, z]) => `${a}${mid.join("")}${z}`)
    .chain((l) => fc.constantFrom(l, l.slice(0, 1)));

/** fast-check arbitrary of a host name (RFC 3261 §25.1 hostname). */
export const arbHostname: fc.Arbitrary<string> = fc
  .tuple(fc.array(label(ALNUM), { maxLength: 3 }), label(ALPHA), fc.boolean())
  .map(([labels, top, dot]) => `${[...labels, top].join(".")}${dot ? "." : ""}`);

/** fast-check arbitrary of an IPv4 address in dotted decimal. */
export const arbIPv4: fc.Arbitrary<string> = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join("."));

const h16: fc.Arbitrary<string> = fc.array(chars(HEX), { minLength: 1, maxLength: 4 }).map((a) => a.join(""));

/** IPv6address of RFC 5954 §4.1: full, compressed around "::", with or without an IPv4 tail. */
export const arbIPv6: fc.Arbitrary<string> = fc.oneof(
  fc.array(h16, { minLength: 8, maxLength: 8 }).map((g) => g.join(":")),
  fc.tuple(fc.array(h16, { minLength: 6, maxLength: 6 }), arbIPv4).map(([g, v4]) => `${g.join(":")}:${v4}`),
  fc.integer({ min: 0, max: 7 }).chain((n) =>
    fc.integer({ min: 0, max: 7 - n }).chain((m) =>
      fc.tuple(fc.array(h16, { minLength: n, maxLength: n }), fc.array(h16, { minLength: m, maxLength: m })).map(([a, b]) => `${a.join(":")}::${b.join(":")}`),
    ),
  ),
  fc.integer({ min: 0, max: 5 }).chain((n) =>
    fc.integer({ min: 0, max: 5 - n }).chain((m) =>
      fc
        .tuple(fc.array(h16, { minLength: n, maxLength: n }), fc.array(h16, { minLength: m, maxLength: m }), arbIPv4)
        .map(([a, b, v4]) => `${a.join(":")}::${[...b, v4].join(":")}`),
    ),
  ),
);

/** fast-check arbitrary of a host: name, IPv4 or IPv6 reference. */
export const arbHost: fc.Arbitrary<Host> = fc.oneof(
  arbHostname.map((value): Host => ({ _tag: "Hostname", value })),
  arbIPv4.map((value): Host => ({ _tag: "IPv4", value })),
  arbIPv6.map((value): Host => ({ _tag: "IPv6", value })),
);

/** fast-check arbitrary of a port number. */
export const arbPort: fc.Arbitrary<number> = fc.integer({ min: 0, max: 65535 });

const param = (nameSet: string, valueSet: string, valueMin: number): fc.Arbitrary<Param> =>
  fc.tuple(escapedString(nameSet, 1), fc.option(escapedString(valueSet, valueMin), { nil: undefined })).map(([name, value]) => (value === undefined ? { name } : { name, value }));

/** fast-check arbitrary of a SIP URI parameter, escaped as §25.1 requires. */
export const arbUriParam: fc.Arbitrary<Param> = param(PARAM, PARAM, 1);
/** fast-check arbitrary of a SIP URI header (`?name=value`), escaped as §25.1 requires. */
export const arbUriHeader: fc.Arbitrary<Param> = fc.tuple(escapedString(HNV, 1), escapedString(HNV, 0)).map(([name, value]) => ({ name, value }));

/** fast-check arbitrary of a sip or sips URI (RFC 3261 §19.1). */
export const arbSipUri: fc.Arbitrary<SipUri> = fc
  .record(
    {
      scheme: fc.constantFrom("sip" as const, "sips" as const),
      user: escapedString(USER, 1),
      password: escapedString(PASSWORD, 0),
      host: arbHost,
      port: arbPort,
      params: fc.array(arbUriParam, { maxLength: 3 }),
      headers: fc.array(arbUriHeader, { maxLength: 2 }),
    },
    { requiredKeys: ["scheme", "host", "params", "headers"] },
  )
  .map((r): SipUri => {
    // A password only exists inside userinfo.
    const { password, ...rest } = r;
    return rest.user !== undefined && password !== undefined ? { _tag: "SipUri", ...rest, password } : { _tag: "SipUri", ...rest };
  });

const separated = (digits: string, min: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(chars(digits), { minLength: min, maxLength: 10 }), fc.array(fc.tuple(fc.nat(12), chars("-.()")), { maxLength: 3 }))
    .map(([ds, seps]) => {
      const out = [...ds];
      for (const [at, sep] of seps) out.splice(Math.min(at, out.length), 0, sep);
      return out.join("");
    });

const telParam: fc.Arbitrary<Param> = fc
  .tuple(fc.array(chars(`${ALNUM}-`), { minLength: 1, maxLength: 8 }).map((a) => a.join("")), fc.option(escapedString(PARAM, 1), { nil: undefined }))
  .filter(([name]) => name.toLowerCase() !== "phone-context")
  .map(([name, value]) => (value === undefined ? { name } : { name, value }));

/** tel URIs (RFC 3966 §3): global numbers, and local numbers with their required phone-context. */
export const arbTelUri: fc.Arbitrary<TelUri> = fc.oneof(
  fc.tuple(separated(DIGIT, 1), fc.array(telParam, { maxLength: 3 })).map(([n, params]): TelUri => ({ _tag: "TelUri", number: `+${n}`, params })),
  fc
    .tuple(separated(`${HEX}*#`, 1), fc.array(telParam, { maxLength: 2 }), fc.oneof(arbHostname, separated(DIGIT, 1).map((d) => `+${d}`)), fc.nat(2))
    .map(([n, params, context, at]): TelUri => {
      const all = [...params];
      all.splice(Math.min(at, all.length), 0, { name: "phone-context", value: context });
      return { _tag: "TelUri", number: n, params: all };
    }),
);

/** Any other absoluteURI, kept opaque (never sip, sips or tel). */
export const arbAbsoluteUri: fc.Arbitrary<AbsoluteUri> = fc
  .tuple(chars(ALPHA), fc.array(chars(`${ALNUM}+-.`), { maxLength: 8 }), escapedString(URIC, 1, 16))
  .map(([a, rest, body]): AbsoluteUri => ({ _tag: "AbsoluteUri", scheme: `${a}${rest.join("")}`, rest: body }))
  .filter((u) => !["sip", "sips", "tel"].includes(u.scheme.toLowerCase()));

/** fast-check arbitrary of a URI: mostly SIP, some tel (RFC 3966) and other absolute URIs. */
export const arbUri: fc.Arbitrary<Uri> = fc.oneof({ weight: 4, arbitrary: arbSipUri }, { weight: 1, arbitrary: arbTelUri }, { weight: 1, arbitrary: arbAbsoluteUri });
