import * as E from "fp-ts/lib/Either.js";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { MAGIC_COOKIE, Methods, findParam, headerValues, parseMessage, serializeMessage, validateMessage } from "@puresip/message";
import type { Host, Method, SipUri } from "@puresip/message";
import { basicCapabilities, newRequest, receivedParams, responseDestination } from "../src/index.js";
import type { NewRequestSpec, RequestEntropy } from "../src/index.js";

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const hostname: fc.Arbitrary<Host> = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ({ _tag: "Hostname", value: [...ls, "example"].join(".") }));
const ipv4: fc.Arbitrary<Host> = fc.ipV4().map((value) => ({ _tag: "IPv4", value }));
const host = fc.oneof(hostname, ipv4);
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });

const sipUri = (scheme: "sip" | "sips", withLr = false): fc.Arbitrary<SipUri> =>
  fc.record({ user: fc.option(label, { nil: undefined }), host, port }).map(({ user, host: h, port: p }) => ({
    _tag: "SipUri",
    scheme,
    ...(user === undefined ? {} : { user }),
    host: h,
    ...(p === undefined ? {} : { port: p }),
    params: withLr ? [{ name: "lr" }] : [],
    headers: [],
  }));

const method: fc.Arbitrary<Method> = fc.constantFrom(Methods.INVITE, Methods.OPTIONS, Methods.REGISTER, Methods.SUBSCRIBE, Methods.REFER, Methods.MESSAGE, Methods.INFO);

const spec: fc.Arbitrary<NewRequestSpec> = fc
  .record({
    method,
    scheme: fc.constantFrom<"sip" | "sips">("sip", "sips"),
    displayName: fc.option(fc.string({ maxLength: 12 }).filter((s) => !/[\r\n]/.test(s)), { nil: undefined }),
    sentByHost: host,
    sentByPort: port,
    transport: fc.constantFrom("UDP", "TCP", "TLS", "SCTP"),
    routes: fc.array(sipUri("sip", true), { maxLength: 2 }),
    body: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }),
    maxForwards: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  })
  .chain((r) =>
    fc.record({ requestUri: sipUri(r.scheme), from: sipUri(r.scheme), contact: sipUri(r.scheme) }).map(
      ({ requestUri, from, contact }): NewRequestSpec => ({
        method: r.method,
        requestUri,
        from: { aor: from, ...(r.displayName === undefined ? {} : { displayName: r.displayName }) },
        to: { aor: requestUri },
        contact,
        sentBy: { host: r.sentByHost, ...(r.sentByPort === undefined ? {} : { port: r.sentByPort }), transport: r.transport },
        route: r.routes,
        ...(r.body === undefined ? {} : { body: { contentType: { type: "application", subtype: "octet-stream", params: [] }, bytes: r.body } }),
        ...(r.maxForwards === undefined ? {} : { maxForwards: r.maxForwards }),
        capabilities: { ...basicCapabilities, extensions: ["timer"] },
      }),
    ),
  );

const entropy: fc.Arbitrary<RequestEntropy> = fc.record({
  branch: fc.uint8Array({ minLength: 8, maxLength: 16 }),
  fromTag: fc.uint8Array({ minLength: 4, maxLength: 8 }),
  callId: fc.uint8Array({ minLength: 16, maxLength: 20 }),
  seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

test.prop([spec, entropy])("RFC 3261 §8.1.1: a new request round-trips the wire, validates, and has a magic-cookie branch", (s, e) => {
  const built = newRequest(s, e);
  if (E.isLeft(built)) throw new Error(JSON.stringify(built.left));
  const r = built.right;
  expect(E.isRight(validateMessage(r))).toBe(true);
  const parsed = parseMessage(serializeMessage(r));
  if (E.isLeft(parsed) || parsed.right._tag !== "Request") throw new Error("does not parse back");
  expect(parsed.right.core).toEqual(r.core);
  expect(parsed.right.uri).toEqual(r.uri);
  expect(parsed.right.body).toEqual(r.body);
  expect(E.isRight(validateMessage(parsed.right))).toBe(true);
  const top = r.core.via[0];
  expect(findParam(top?.params ?? [], "branch")?.value?.startsWith(MAGIC_COOKIE)).toBe(true);
  expect(findParam(top?.params ?? [], "rport")).toEqual({ name: "rport" });
  expect(r.core.cseq).toEqual({ seq: e.seq, method: s.method });
  expect(r.core.maxForwards).toBe(s.maxForwards ?? 70);
  // §13.2.1: an INVITE always carries Allow and Supported from the capabilities (§20.5, §20.37), and keeps them on the wire.
  if (s.method === Methods.INVITE) {
    expect(headerValues("Allow")(parsed.right)).toEqual([s.capabilities.methods.join(", ")]);
    expect(headerValues("Supported")(parsed.right)).toEqual([s.capabilities.extensions.join(", ")]);
  }
});

test.prop([spec, entropy, fc.ipV4(), fc.integer({ min: 0, max: 65535 }), fc.boolean()])(
  "RFC 3581 §4: a stamped Via routes the response back to the source address and port",
  (s, e, sourceHost, sourcePort, alive) => {
    const built = newRequest(s, e);
    if (E.isLeft(built)) throw new Error(JSON.stringify(built.left));
    const top = built.right.core.via[0];
    if (top === undefined) throw new Error("no Via");
    const stamped = receivedParams(top, { host: sourceHost, port: sourcePort });
    if (E.isLeft(stamped)) throw new Error(JSON.stringify(stamped.left));
    const response = { ...built.right, _tag: "Response" as const, status: 200, reason: "OK", core: { ...built.right.core, via: [stamped.right] } };
    const d = responseDestination(response, { reliableConnectionAlive: alive });
    if (E.isLeft(d)) throw new Error(JSON.stringify(d.left));
    const reliable = s.sentBy.transport !== "UDP";
    if (reliable && alive) expect(d.right._tag).toBe("SameConnection");
    else if (reliable) expect(d.right).toMatchObject({ host: sourceHost, port: s.sentBy.port ?? (s.sentBy.transport === "TLS" ? 5061 : 5060) });
    else expect(d.right).toMatchObject({ _tag: "Address", host: sourceHost, port: sourcePort, from: "rport" });
  },
);
