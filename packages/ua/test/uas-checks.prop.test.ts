import * as E from "fp-ts/lib/Either.js";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { expiresHeader, readHeader, validateMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { arbRequest } from "@puresip/message/arbitraries";
import * as O from "fp-ts/lib/Option.js";
import { basicCapabilities, checkRequest, mergeKey, rejectionResponse, rememberRequest } from "../src/index.js";
import type { TransactionKey } from "@puresip/transaction";
import { endpoint, fieldValues, toTag } from "./fixtures.js";

/**
 * §8.1.1.8 / §10.2.2 restated: the 400 a request's Contact earns when its method is supported,
 * or undefined. An INVITE outside a dialog needs one; "*" only in a REGISTER, alone, Expires 0.
 */
const contactRule = (request: SipRequest): string | undefined => {
  const contacts = request.core.contact;
  const wildcard = contacts.some((c) => c._tag === "Wildcard");
  if (request.method === "REGISTER") {
    const expires = readHeader(expiresHeader)(request);
    if (!wildcard || (E.isRight(expires) && contacts.length === 1 && O.isSome(expires.right) && expires.right.value === 0)) return undefined;
    return "star";
  }
  if (!["INVITE", "SUBSCRIBE", "REFER"].includes(request.method)) return undefined;
  if (wildcard) return "star";
  const inDialog = request.core.to?.params.some((p) => p.name.toLowerCase() === "tag") ?? false;
  return request.method === "INVITE" && contacts.length === 0 && !inDialog ? "missing" : undefined;
};

const arbCapabilities = fc.constantFrom(basicCapabilities, endpoint, { ...endpoint, domains: ["example.com"], uriSchemes: ["sip", "sips", "tel"] });

test.prop([arbCapabilities, arbRequest, fc.array(arbRequest, { maxLength: 3 })])(
  "checkRequest never throws; a rejection's response validates and echoes Via/From/Call-ID/CSeq",
  (capabilities, request: SipRequest, seen) => {
    const recent = seen.reduce((map, r) => rememberRequest(r)(map), rememberRequest(request)(new Map()));
    const checked = checkRequest(capabilities, { recent })(request);
    if (E.isRight(checked)) {
      expect(checked.right).toBe(request);
      return;
    }
    const response = rejectionResponse(checked.left, { toTag })(request);
    if (request.method === "ACK") {
      expect(response).toEqual(E.left({ _tag: "AckNotAnswered" }));
      return;
    }
    if (E.isLeft(response)) throw new Error(JSON.stringify(response.left));
    expect(response.right.status).toBe(checked.left.status);
    expect(validateMessage(response.right)).toEqual(E.right(response.right));
    for (const name of ["Via", "From", "Call-ID", "CSeq"]) expect(fieldValues(response.right, name)).toEqual(fieldValues(request, name));
    for (const h of checked.left.headers) expect(response.right.headers).toContainEqual(h);
  },
);

test.prop([arbCapabilities, arbRequest])(
  "RFC 3261 §8.2.2.2: a request already seen in another transaction gets 482 unless an earlier check rejects it",
  (capabilities, request) => {
    const key = mergeKey(request);
    fc.pre(O.isSome(key)); // a request with a To tag is in a dialog: nothing to merge
    if (O.isNone(key)) return;
    const recent = new Map([[key.value, "another transaction" as TransactionKey]]);
    const checked = checkRequest(capabilities, { recent })(request);
    expect(E.isLeft(checked) && checked.left._tag).toBeOneOf(["Malformed", "MethodNotAllowed", "NotImplemented", "UnsupportedUriScheme", "NotFound", "LoopDetected"]);
    // With the method and scheme supported, no domains and a Contact the method can do with
    // (§8.1.1.8, §10.2.2: see the property below), nothing before §8.2.2.2 rejects it.
    fc.pre(contactRule(request) === undefined);
    const { domains: _domains, ...open } = capabilities;
    const permissive = { ...open, methods: [request.method], uriSchemes: ["sip", "sips", "tel"] };
    const merged = checkRequest(permissive, { recent })(request);
    expect(E.isLeft(merged) && merged.left._tag).toBe("LoopDetected");
  },
);

test.prop([arbRequest, fc.constantFrom<"none" | "star" | "keep">("none", "star", "keep")])(
  "RFC 3261 §8.1.1.8 / §10.2.2: a supported method whose Contact is missing where required, or a misused *, gets 400 right after §8.2.1, and only then",
  (generated, contact) => {
    // The request as generated, or with its Contact removed or replaced by "*".
    const request: SipRequest =
      contact === "keep" ? generated : { ...generated, core: { ...generated.core, contact: contact === "none" ? [] : [{ _tag: "Wildcard" }] } };
    fc.pre(E.isRight(validateMessage(request)));
    const { domains: _domains, ...open } = endpoint;
    const permissive = { ...open, methods: [request.method], uriSchemes: ["sip", "sips", "tel"] };
    const checked = checkRequest(permissive, { recent: new Map() })(request);
    const expected = contactRule(request);
    if (expected !== undefined) expect(E.isLeft(checked) && [checked.left._tag, checked.left.status]).toStrictEqual(["Malformed", 400]);
    else expect(E.isLeft(checked) && checked.left.status === 400 && /Contact/.test(checked.left.detail)).toBe(false);
  },
);
