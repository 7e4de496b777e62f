// The registrar's processing of one REGISTER (RFC 3261 §10.3 steps 4–8) as a pure function of
// the AOR's current bindings: it answers with the response to send and, when the request
// succeeds, the AOR's new bindings. "REGISTER requests MUST also be processed atomically":
// a request that fails leaves the bindings exactly as they were.
// Steps 1–3 belong to the caller: the domain check is `config.domains`, the §8.2.2 Require
// check is `checkRequest`, and authentication is @puresip/auth's challenge/verify, whose
// authenticated user name comes in as `identity`.
import {
  Methods,
  contactHeader,
  createResponse,
  dateHeader,
  deltaSecondsOf,
  expiresHeader,
  findParam,
  headerField,
  minExpiresHeader,
  pathHeader,
  printNameAddr,
  readHeader,
  readHeaderList,
  retryAfterHeader,
  serializeMessage,
} from "@puresip/message";
import type { HeaderField, NameAddr, SipDate, SipRequest, SipResponse, Tag } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { aorKey, domainOf } from "./aor.js";
import type { AorKey } from "./aor.js";
import { activeBindings, outboundIdentity } from "./binding.js";
import { indexBindings } from "./binding-index.js";
import type { Binding } from "./binding.js";

export interface RegistrarConfig {
  /**
   * §10.3 steps 1 and 5: the domains whose bindings this registrar keeps, and the host names
   * REGISTERs may be addressed to; empty: any.
   */
  readonly domains: ReadonlyArray<string>;
  /** §10.3 step 7: the interval when neither the Contact nor Expires names one (seconds). */
  readonly defaultExpires: number;
  /** §10.3 step 7: intervals below this (and below one hour) get 423 with Min-Expires. */
  readonly minExpires: number;
  /** "The registrar MAY choose an expiration less than the requested expiration interval." */
  readonly maxExpires: number;
  /**
   * §10.3 step 4: who may change an AOR's bindings. `UserPart`: the authenticated user name
   * must equal the AOR's user part; `Anyone`: no check (a registrar without authentication
   * "MAY take the From address as the asserted identity").
   */
  readonly authorization: "UserPart" | "Anyone";
  /**
   * Bindings one AOR may hold. A REGISTER that would leave more (and more than it has) gets
   * 403 "Too Many Bindings": §21.4.4, "the request SHOULD NOT be repeated"; the same request
   * cannot succeed until the AOR's owner removes or lets lapse a binding.
   */
  readonly maxBindingsPerAor: number;
  /**
   * AORs the location service may hold (the shell passes its count as `aors`). A REGISTER that
   * would add one more gets 503 with Retry-After (§21.5.4: the server is "temporarily unable"
   * to take it; the UA "SHOULD attempt to forward the request to an alternate server").
   */
  readonly maxAors: number;
  /** Retry-After (§20.33) of that 503, in seconds. */
  readonly fullRetryAfter: number;
  /**
   * Octets a response to a REGISTER that came over UDP may have. A 200 lists every binding
   * (step 8), and over UDP it cannot move to TCP (§18.2.2 sends it to the Via's address over
   * the Via's transport); §18.1.1's rule ("larger than 1300 bytes and the path MTU is unknown")
   * is there to prevent fragmentation. A REGISTER whose 200 would be larger is refused with 513,
   * its bindings untouched: the UA can register over TCP. At most 65,507 (an IPv4 datagram).
   */
  readonly maxUdpResponse: number;
}

export const defaultRegistrarConfig: RegistrarConfig = {
  domains: [],
  defaultExpires: 3600,
  minExpires: 60,
  maxExpires: 7200,
  authorization: "Anyone",
  maxBindingsPerAor: 10,
  maxAors: 100_000,
  fullRetryAfter: 300,
  maxUdpResponse: 1300,
};

export interface RegisterInput {
  /** The shell's clock in ms, on which binding expiries are kept. */
  readonly now: number;
  /** The user name @puresip/auth verified for this request, if any (§10.3 step 3). */
  readonly identity?: string;
  /** The To tag of the response (§8.2.6.2). */
  readonly toTag: Tag;
  /** §10.3 step 8: "The response SHOULD include a Date header field" (wall clock, from the shell). */
  readonly date?: SipDate;
  /** How many AORs the location service holds now (for `maxAors`); absent: not counted. */
  readonly aors?: number;
}

/** Why a REGISTER failed, with the response that says so. */
export type RegisterFailure =
  | "NotRegister"
  | "DomainNotServed"
  | "BadAddressOfRecord"
  | "Forbidden"
  | "BadContact"
  | "WildcardMisused"
  | "IntervalTooBrief"
  | "OutOfOrder"
  | "TooManyBindings"
  | "LocationServiceFull"
  | "ResponseTooLarge";

export type RegisterOutcome =
  /** The AOR's bindings after this request (possibly empty: the shell may forget the AOR). */
  | { readonly _tag: "Accepted"; readonly aor: AorKey; readonly bindings: ReadonlyArray<Binding>; readonly response: SipResponse }
  | { readonly _tag: "Rejected"; readonly failure: RegisterFailure; readonly reason: string; readonly response: SipResponse };

type Failed = {
  readonly failure: RegisterFailure;
  readonly status: number;
  readonly reason: string;
  readonly headers?: ReadonlyArray<HeaderField>;
  /** A Reason-Phrase that says more than the status's default (§21: the phrase is for a human). */
  readonly phrase?: string;
};

const fail = (failure: RegisterFailure, status: number, reason: string, headers?: ReadonlyArray<HeaderField>, phrase?: string): E.Either<Failed, never> =>
  E.left({ failure, status, reason, ...(headers === undefined ? {} : { headers }), ...(phrase === undefined ? {} : { phrase }) });

const HOUR = 3600;

/** The AOR a REGISTER is about (§10.3 step 5), for the shell to look its bindings up by. */
export const aorOfRequest = (request: SipRequest): E.Either<string, AorKey> =>
  request.core.to === undefined ? E.left("the REGISTER has no To header field") : aorKey(request.core.to.uri);

/** §10.3 step 7: the interval a contact asks for: its `expires` param, else Expires, else the default. */
const requestedInterval = (contact: NameAddr, headerExpires: O.Option<number>, config: RegistrarConfig): E.Either<Failed, number> => {
  const param = findParam(contact.params, "expires");
  if (param === undefined) return E.right(O.getOrElse(() => config.defaultExpires)(headerExpires));
  const text = param.value ?? "";
  // delta-seconds = 1*DIGIT (§25.1), read as the Expires header is: above 2**32-1 it is 2**32-1
  // (§10.2.1.1), so `;expires=4294967296` and `Expires: 4294967296` both mean "as long as you allow".
  const seconds = deltaSecondsOf(text);
  return seconds === undefined ? fail("BadContact", 400, `the Contact expires parameter '${text}' is not delta-seconds`) : E.right(seconds);
};

const withoutExpires = (contact: NameAddr): NameAddr => ({ ...contact, params: contact.params.filter((p) => p.name.toLowerCase() !== "expires") });

/** §10.3 step 6: `Contact: *` with `Expires: 0` removes every binding the request may remove. */
const removeAll = (
  current: ReadonlyArray<Binding>,
  callId: string,
  cseq: number,
): E.Either<Failed, ReadonlyArray<Binding>> => {
  for (const b of current)
    if (b.callId === callId && cseq <= b.cseq) return fail("OutOfOrder", 400, `CSeq ${String(cseq)} is not above ${String(b.cseq)} of the binding it would remove`);
  return E.right([]);
};

/** §10.3 step 7 for every contact, tentatively; any failure aborts them all. Linear in bindings + contacts. */
const updateBindings = (
  current: ReadonlyArray<Binding>,
  contacts: ReadonlyArray<NameAddr>,
  headerExpires: O.Option<number>,
  callId: string,
  cseq: number,
  now: number,
  config: RegistrarConfig,
  path: ReadonlyArray<string>,
): E.Either<Failed, ReadonlyArray<Binding>> => {
  const index = indexBindings(current);
  for (const contact of contacts) {
    const requested = requestedInterval(contact, headerExpires, config);
    if (E.isLeft(requested)) return requested;
    const asked = requested.right;
    if (asked > 0 && asked < HOUR && asked < config.minExpires)
      return fail("IntervalTooBrief", 423, `${String(asked)} s is below the minimum of ${String(config.minExpires)} s`, [
        headerField(minExpiresHeader)(config.minExpires),
      ]);
    const granted = Math.min(asked, config.maxExpires);
    const { instance, regId } = outboundIdentity(contact);
    const found = index.find(contact, instance, regId);
    if (found !== undefined && found.binding.callId === callId && cseq <= found.binding.cseq)
      return fail("OutOfOrder", 400, `CSeq ${String(cseq)} is not above ${String(found.binding.cseq)} of the binding for this contact`);
    const binding: Binding = {
      contact: withoutExpires(contact),
      callId,
      cseq,
      expiresAt: now + granted * 1000,
      ...(instance === undefined ? {} : { instance }),
      ...(regId === undefined ? {} : { regId }),
      ...(path.length === 0 ? {} : { path }),
    };
    if (granted === 0) {
      if (found !== undefined) index.remove(found.slot);
    } else index.put(found?.slot, binding);
  }
  return E.right(index.bindings());
};

/** RFC 3327 §5.3: the REGISTER's path vector, topmost first (none when its Path does not parse: `decide` refuses it). */
const pathOf = (request: SipRequest): ReadonlyArray<string> => {
  const path = readHeaderList(pathHeader)(request);
  return E.isRight(path) ? path.right.map(printNameAddr) : [];
};

/** §10.3 step 8: every current binding, each with the `expires` the registrar chose. */
const okResponse = (request: SipRequest, bindings: ReadonlyArray<Binding>, input: RegisterInput): E.Either<string, SipResponse> => {
  const headers: Array<HeaderField> = bindings.map((b) =>
    headerField(contactHeader)({ ...b.contact, params: [...b.contact.params, { name: "expires", value: String(Math.max(0, Math.ceil((b.expiresAt - input.now) / 1000))) }] }),
  );
  if (input.date !== undefined) headers.push(headerField(dateHeader)(input.date));
  // RFC 3327 §5.3: "The registrar copies the Path header field values into a Path header field
  // in the successful (200 class) REGISTER response."
  const path = pathOf(request);
  if (path.length > 0) headers.push({ name: "Path", value: path.join(", ") });
  return E.mapLeft((e: { readonly reason: string }) => e.reason)(createResponse(200, { toTag: input.toTag, headers, copyRecordRoute: false })(request));
};

/** The method, §10.3 step 1 (Request-URI) and step 5 (the AOR in To): what needs no credentials. */
const addressOfRecord = (config: RegistrarConfig, request: SipRequest): E.Either<Failed, { readonly aor: AorKey; readonly to: NameAddr }> => {
  if (request.method !== Methods.REGISTER) return fail("NotRegister", 405, `a registrar accepts only REGISTER, not ${request.method}`, [{ name: "Allow", value: "REGISTER" }]);
  // Step 1: the Request-URI "names the domain of the location service" (§10.2); in practice
  // often the registrar's own host name (RFC 3665 §2.1), so both are listed in `domains`.
  const served = (d: string | undefined): boolean => config.domains.length === 0 || (d !== undefined && config.domains.some((x) => x.toLowerCase() === d));
  const domain = domainOf(request.uri);
  if (!served(domain)) return fail("DomainNotServed", 404, `this registrar keeps no bindings for ${domain ?? "that Request-URI"}`);
  const to = request.core.to;
  if (to === undefined) return fail("BadAddressOfRecord", 400, "the REGISTER has no To header field");
  const aor = aorKey(to.uri);
  if (E.isLeft(aor)) return fail("BadAddressOfRecord", 404, aor.left);
  // Step 5: "If the address-of-record is not valid for the domain in the Request-URI ... 404".
  if (!served(domainOf(to.uri))) return fail("BadAddressOfRecord", 404, `the address-of-record ${aor.right} is not in a domain this registrar serves`);
  return E.right({ aor: aor.right, to });
};

const decide = (config: RegistrarConfig, current: ReadonlyArray<Binding>, request: SipRequest, input: RegisterInput): E.Either<Failed, { readonly aor: AorKey; readonly bindings: ReadonlyArray<Binding> }> => {
  const addressed = addressOfRecord(config, request);
  if (E.isLeft(addressed)) return addressed;
  const { aor, to } = addressed.right;
  // Step 4: "If the authenticated user is not authorized to modify bindings ... 403".
  if (config.authorization === "UserPart" && (input.identity === undefined || to.uri._tag !== "SipUri" || to.uri.user !== input.identity))
    return fail("Forbidden", 403, `${input.identity ?? "an unauthenticated user"} may not change the bindings of ${aor}`);
  const contacts = readHeaderList(contactHeader)(request);
  if (E.isLeft(contacts)) return fail("BadContact", 400, `malformed Contact: ${contacts.left.reason}`);
  const expires = readHeader(expiresHeader)(request);
  if (E.isLeft(expires)) return fail("BadContact", 400, `malformed Expires: ${expires.left.reason}`);
  const callId = request.core.callId ?? "";
  const cseq = request.core.cseq?.seq ?? 0;
  const live = activeBindings(current, input.now);
  // Step 6: no Contact: a query; "skips to the last step".
  if (contacts.right.length === 0) return E.right({ aor, bindings: live });
  const named: Array<NameAddr> = [];
  let wildcard = false;
  for (const c of contacts.right) if (c._tag === "Wildcard") wildcard = true; else named.push(c);
  if (wildcard) {
    if (named.length > 0 || O.getOrElse(() => -1)(expires.right) !== 0)
      return fail("WildcardMisused", 400, "Contact: * must stand alone, with Expires: 0 (§10.2.2)");
    return E.map((bindings: ReadonlyArray<Binding>) => ({ aor, bindings }))(removeAll(live, callId, cseq));
  }
  const path = readHeaderList(pathHeader)(request);
  if (E.isLeft(path)) return fail("BadContact", 400, `malformed Path: ${path.left.reason}`);
  const updated = updateBindings(live, named, expires.right, callId, cseq, input.now, config, path.right.map(printNameAddr));
  if (E.isLeft(updated)) return updated;
  const bindings = updated.right;
  if (bindings.length > config.maxBindingsPerAor && bindings.length > live.length)
    return fail("TooManyBindings", 403, `${aor} may hold ${String(config.maxBindingsPerAor)} bindings; this request would leave ${String(bindings.length)}`, [], "Too Many Bindings");
  if (live.length === 0 && bindings.length > 0 && input.aors !== undefined && input.aors >= config.maxAors)
    return fail("LocationServiceFull", 503, `the location service holds ${String(input.aors)} addresses-of-record, its maximum`, [headerField(retryAfterHeader)({ deltaSeconds: config.fullRetryAfter, params: [] })], "Location Service Full");
  return E.right({ aor, bindings });
};

/** Top Via's transport is UDP: the response goes back as a datagram (§18.2.2). */
const overUdp = (request: SipRequest): boolean => request.core.via[0]?.transport.toUpperCase() === "UDP";

/** The 200, or 513 when it would not fit the datagram it must go back in. */
const answerAccepted = (request: SipRequest, aor: AorKey, bindings: ReadonlyArray<Binding>, input: RegisterInput, config: RegistrarConfig): E.Either<Failed | string, RegisterOutcome> => {
  const ok = okResponse(request, bindings, input);
  if (E.isLeft(ok)) return ok;
  const size = serializeMessage(ok.right).length;
  if (overUdp(request) && size > config.maxUdpResponse)
    return E.left({ failure: "ResponseTooLarge", status: 513, reason: `the 200 listing ${String(bindings.length)} bindings is ${String(size)} octets, above ${String(config.maxUdpResponse)} for UDP; register over TCP`, phrase: "Response Too Large for UDP" });
  return E.right({ _tag: "Accepted", aor, bindings, response: ok.right });
};

/**
 * One REGISTER against the AOR's current bindings (`current`, from the shell's location
 * service under `aorOfRequest(request)`). Never throws; every failure is a response.
 */
export const processRegister =
  (config: RegistrarConfig) =>
  (current: ReadonlyArray<Binding>, request: SipRequest, input: RegisterInput): E.Either<string, RegisterOutcome> => {
    const decided = decide(config, current, request, input);
    const outcome = E.isLeft(decided) ? decided : answerAccepted(request, decided.right.aor, decided.right.bindings, input, config);
    if (E.isRight(outcome)) return outcome;
    return typeof outcome.left === "string" ? E.left(outcome.left) : rejected(request, input.toTag, outcome.left);
  };

const rejected = (request: SipRequest, toTag: Tag, { failure, status, reason, headers, phrase }: Failed): E.Either<string, RegisterOutcome> =>
  E.bimap(
    (e: { readonly reason: string }) => e.reason,
    (response: SipResponse): RegisterOutcome => ({ _tag: "Rejected", failure, reason, response }),
  )(createResponse(status, { toTag, ...(headers === undefined ? {} : { headers }), ...(phrase === undefined ? {} : { reason: phrase }) })(request));

/**
 * §10.3 steps 1 and 5 alone, for a shell that authenticates (step 3) only requests this
 * registrar serves: `some` Rejected (404, or 405/400) when the method, the Request-URI's domain
 * or the AOR's is not one of `config.domains`; `none` when `processRegister` should go on.
 * Spends no digest on a REGISTER for another domain.
 */
export const checkAddressOfRecord =
  (config: RegistrarConfig) =>
  (request: SipRequest, toTag: Tag): E.Either<string, O.Option<RegisterOutcome>> => {
    const addressed = addressOfRecord(config, request);
    return E.isRight(addressed) ? E.right(O.none) : E.map((o: RegisterOutcome) => O.some(o))(rejected(request, toTag, addressed.left));
  };
