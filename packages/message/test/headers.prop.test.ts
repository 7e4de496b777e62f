import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import {
  acceptEncodingHeader,
  acceptHeader,
  acceptLanguageHeader,
  alertInfoHeader,
  allowEventsHeader,
  allowHeader,
  callIdHeader,
  callInfoHeader,
  canonicalHeaderName,
  contactHeader,
  contentDispositionHeader,
  contentEncodingHeader,
  contentLanguageHeader,
  contentLengthHeader,
  contentTypeHeader,
  cseqHeader,
  dateHeader,
  errorInfoHeader,
  eventHeader,
  expiresHeader,
  fromHeader,
  headerField,
  headerFieldList,
  headerNameEquals,
  inReplyToHeader,
  maxForwardsHeader,
  mimeVersionHeader,
  minExpiresHeader,
  minSeHeader,
  organizationHeader,
  pAssertedIdentityHeader,
  pPreferredIdentityHeader,
  pathHeader,
  privacyHeader,
  serviceRouteHeader,
  parseContact,
  parseCoreHeaders,
  parseCSeq,
  parseNameAddr,
  parseVia,
  printContact,
  printCSeq,
  printNameAddr,
  printVia,
  printViaList,
  priorityHeader,
  proxyRequireHeader,
  rackHeader,
  readHeaderList,
  reasonHeader,
  recordRouteHeader,
  referToHeader,
  referredByHeader,
  replyToHeader,
  requireHeader,
  retryAfterHeader,
  routeHeader,
  rseqHeader,
  serverHeader,
  sessionExpiresHeader,
  subjectHeader,
  subscriptionStateHeader,
  supportedHeader,
  timestampHeader,
  toHeader,
  unsupportedHeader,
  userAgentHeader,
  viaHeader,
  warningHeader,
  type HeaderDef,
  type HeaderField,
} from "../src/index.js";
import {
  arbAssertedIdentity,
  arbCallId,
  arbComment,
  arbContactValue,
  arbCSeq,
  arbDeltaWithParams,
  arbInfoValue,
  arbLanguageRange,
  arbLanguageTag,
  arbMediaType,
  arbMethod,
  arbMimeVersion,
  arbNameAddr,
  arbParamValue,
  arbRAck,
  arbRetryAfter,
  arbRouteNameAddr,
  arbServerVals,
  arbSipDate,
  arbText,
  arbTimestamp,
  arbToken,
  arbUint32,
  arbVia,
  arbWarning,
} from "../src/arbitraries/index.js";

/** parse(print(x)) equals x, printing is stable, and a list of values survives one header line. */
const roundTrip = <A>(def: HeaderDef<A>, arb: fc.Arbitrary<A>): void => {
  describe(def.name, () => {
    test.prop([arb])("parse(print(x)) equals x and print is stable", (x) => {
      const printed = def.print(x);
      const back = def.parse(printed);
      expect(back).toStrictEqual(E.right(x));
      expect(E.isRight(back) && def.print(back.right)).toBe(printed);
    });
    if (def.list) {
      test.prop([fc.array(arb, { minLength: 1, maxLength: 4 })])("a comma-joined line reads back every value", (xs) => {
        expect(readHeaderList(def)({ headers: [headerFieldList(def)(xs)] })).toStrictEqual(E.right(xs));
      });
    }
    test.prop([fc.string()])("never throws on any string", (s) => {
      expect(() => def.parse(s)).not.toThrow();
      expect(() => readHeaderList(def)({ headers: [{ name: def.name, value: s }] })).not.toThrow();
    });
  });
};

describe("RFC 3261 §20 / §25 typed headers: round trip and robustness", () => {
  roundTrip(acceptHeader, arbMediaType);
  roundTrip(acceptEncodingHeader, arbParamValue);
  roundTrip(acceptLanguageHeader, arbLanguageRange);
  roundTrip(alertInfoHeader, arbInfoValue);
  roundTrip(allowHeader, arbMethod);
  roundTrip(allowEventsHeader, arbToken);
  roundTrip(callIdHeader, arbCallId);
  roundTrip(callInfoHeader, arbInfoValue);
  roundTrip(contactHeader, arbContactValue);
  roundTrip(contentDispositionHeader, arbParamValue);
  roundTrip(contentEncodingHeader, arbToken);
  roundTrip(contentLanguageHeader, arbLanguageTag);
  roundTrip(contentLengthHeader, arbUint32);
  roundTrip(contentTypeHeader, arbMediaType);
  roundTrip(cseqHeader, arbCSeq);
  roundTrip(dateHeader, arbSipDate);
  roundTrip(errorInfoHeader, arbInfoValue);
  roundTrip(eventHeader, arbParamValue);
  roundTrip(expiresHeader, arbUint32);
  roundTrip(fromHeader, arbNameAddr);
  roundTrip(inReplyToHeader, arbCallId.filter((c) => !c.includes('"') && !c.includes("<")));
  roundTrip(maxForwardsHeader, arbUint32);
  roundTrip(mimeVersionHeader, arbMimeVersion);
  roundTrip(minExpiresHeader, arbUint32);
  roundTrip(minSeHeader, arbDeltaWithParams);
  roundTrip(organizationHeader, arbText);
  roundTrip(pAssertedIdentityHeader, arbAssertedIdentity);
  roundTrip(pPreferredIdentityHeader, arbAssertedIdentity);
  roundTrip(pathHeader, arbRouteNameAddr);
  roundTrip(serviceRouteHeader, arbRouteNameAddr);
  roundTrip(privacyHeader, fc.array(arbToken, { minLength: 1, maxLength: 4 }));
  roundTrip(priorityHeader, arbToken);
  roundTrip(proxyRequireHeader, arbToken);
  roundTrip(rackHeader, arbRAck);
  roundTrip(reasonHeader, arbParamValue);
  roundTrip(recordRouteHeader, arbRouteNameAddr);
  roundTrip(referToHeader, arbNameAddr);
  roundTrip(referredByHeader, arbNameAddr);
  roundTrip(replyToHeader, arbNameAddr);
  roundTrip(requireHeader, arbToken);
  roundTrip(retryAfterHeader, arbRetryAfter);
  roundTrip(routeHeader, arbRouteNameAddr);
  roundTrip(rseqHeader, arbUint32.filter((n) => n > 0));
  roundTrip(serverHeader, arbServerVals);
  roundTrip(sessionExpiresHeader, arbDeltaWithParams);
  roundTrip(subjectHeader, arbText);
  roundTrip(subscriptionStateHeader, arbParamValue);
  roundTrip(supportedHeader, arbToken);
  roundTrip(timestampHeader, arbTimestamp);
  roundTrip(toHeader, arbNameAddr);
  roundTrip(unsupportedHeader, arbToken);
  roundTrip(userAgentHeader, arbServerVals);
  roundTrip(viaHeader, arbVia);
  roundTrip(warningHeader, arbWarning);
});

describe("RFC 3261 §20 the plain parse/print functions", () => {
  test.prop([arbNameAddr])("parseNameAddr(printNameAddr(x)) equals x", (na) => {
    expect(parseNameAddr(printNameAddr(na))).toStrictEqual(E.right(na));
  });
  test.prop([fc.array(arbVia, { minLength: 1, maxLength: 4 })])("parseVia(printViaList(vias)) equals vias", (vias) => {
    expect(parseVia(printViaList(vias))).toStrictEqual(E.right(vias));
  });
  test.prop([arbCSeq])("parseCSeq(printCSeq(x)) equals x", (c) => {
    expect(parseCSeq(printCSeq(c))).toStrictEqual(E.right(c));
  });
  test.prop([fc.array(arbContactValue.filter((c) => c._tag === "NameAddr"), { minLength: 1, maxLength: 3 })])("parseContact(printContact(xs)) equals xs", (cs) => {
    expect(parseContact(printContact(cs))).toStrictEqual(E.right(cs));
  });
  test.prop([arbComment])("comments survive inside Retry-After", (comment) => {
    expect(retryAfterHeader.parse(`5 ${comment}`)).toStrictEqual(E.right({ deltaSeconds: 5, comment, params: [] }));
  });
});

const withCase = (name: string, flips: ReadonlyArray<boolean>): string =>
  Array.from(name, (c, i) => (flips[i % Math.max(flips.length, 1)] === true ? c.toUpperCase() : c.toLowerCase())).join("");

describe("RFC 3261 §7.3.3 compact and long names parse alike", () => {
  interface CompactCase {
    readonly name: string;
    readonly compact: string;
    readonly read: (value: string, name: string) => unknown;
  }
  const caseOf = <A>(def: HeaderDef<A>): CompactCase => ({
    name: def.name,
    compact: def.compact ?? "",
    read: (value, name) => readHeaderList(def)({ headers: [{ name, value }] }),
  });
  const compactDefs: ReadonlyArray<CompactCase> = [
    caseOf(viaHeader), caseOf(fromHeader), caseOf(toHeader), caseOf(contactHeader), caseOf(callIdHeader), caseOf(contentLengthHeader),
    caseOf(contentTypeHeader), caseOf(contentEncodingHeader), caseOf(subjectHeader), caseOf(supportedHeader), caseOf(eventHeader),
    caseOf(allowEventsHeader), caseOf(referToHeader), caseOf(referredByHeader), caseOf(sessionExpiresHeader),
  ];
  it("every compact form of §7.3.3 and the extensions is covered", () => {
    expect(compactDefs.map((c) => c.compact).sort().join("")).toBe("bcefiklmorstuvx");
  });
  test.prop([fc.constantFrom(...compactDefs), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })])("canonicalHeaderName and headerNameEquals agree for every compact form", (def, flips) => {
    const compact = def.compact;
    expect(canonicalHeaderName(withCase(compact, flips))).toBe(def.name);
    expect(canonicalHeaderName(withCase(def.name, flips))).toBe(def.name);
    expect(headerNameEquals(withCase(compact, flips), withCase(def.name, [...flips].reverse()))).toBe(true);
  });
  test.prop([fc.array(fc.tuple(arbVia, fc.boolean()), { minLength: 1, maxLength: 3 }), arbNameAddr, arbCallId, arbUint32])(
    "parseCoreHeaders gives the same result for compact and long names",
    (vias, to, callId, length) => {
      const lines = (compact: boolean): ReadonlyArray<HeaderField> => [
        ...vias.map(([v, c]) => ({ name: compact && c ? "v" : "Via", value: printVia(v) })),
        { name: compact ? "t" : "To", value: printNameAddr(to) },
        { name: compact ? "I" : "call-id", value: callId },
        { name: compact ? "l" : "CONTENT-LENGTH", value: String(length) },
      ];
      const long = parseCoreHeaders(lines(false));
      expect(long).toStrictEqual(parseCoreHeaders(lines(true)));
      expect(E.isRight(long) && long.right.via).toStrictEqual(vias.map(([v]) => v));
    },
  );
  test.prop([fc.constantFrom(...compactDefs), fc.string({ maxLength: 30 })])("readHeaderList reads the compact and the long line alike", (def, value) => {
    expect(def.read(value, def.compact)).toStrictEqual(def.read(value, def.name.toUpperCase()));
  });
});

describe("RFC 3261 §7.3 parseCoreHeaders on any input", () => {
  const names = ["Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Max-Forwards", "Content-Length", "l", "Contact", "m", "Route", "Record-Route", "X-Other"];
  test.prop([fc.array(fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 40 })), { maxLength: 8 })])("never throws", (lines) => {
    expect(() => parseCoreHeaders(lines.map(([name, value]) => ({ name, value })))).not.toThrow();
  });
  test.prop([arbCSeq, arbUint32])("printed values read back through headerField", (cseq, n) => {
    const core = parseCoreHeaders([headerField(cseqHeader)(cseq), headerField(maxForwardsHeader)(n)]);
    expect(core).toStrictEqual(E.right({ via: [], contact: [], route: [], recordRoute: [], cseq, maxForwards: n }));
  });
});

describe("RFC 3261 §25 parsers on SIP-flavoured noise", () => {
  const noise = fc.string({ unit: fc.constantFrom(...Array.from('sipSIP:@;=<>",[]/\\ \t%0aF.*?&+-()2v\r\n')), maxLength: 60 });
  test.prop([noise])("no parser throws and every Left points inside the value", (s) => {
    for (const r of [parseNameAddr(s), parseVia(s), parseCSeq(s), parseContact(s)]) {
      if (E.isLeft(r)) {
        expect(r.left.position).toBeGreaterThanOrEqual(0);
        expect(r.left.position).toBeLessThanOrEqual(s.length);
        expect(r.left.reason.length).toBeGreaterThan(0);
      }
    }
  });
  test.prop([noise, noise])("a parsed name-addr prints to text that parses to the same value (§20.10: brackets added where the URI needs them)", (a, b) => {
    const r = parseNameAddr(`${a}${b}`);
    if (E.isLeft(r)) return;
    const again = parseNameAddr(printNameAddr(r.right));
    expect(E.isRight(again)).toBe(true);
    if (E.isLeft(again)) return;
    // §20.10: a URI with a comma, question mark or semicolon "MUST be enclosed in angle
    // brackets", so an addr-spec read leniently (e.g. "s:,") prints in the name-addr form.
    expect({ ...again.right, angle: r.right.angle }).toStrictEqual(r.right);
    if (r.right.angle) expect(again.right.angle).toBe(true);
  });
});
