// RFC 5626 for an outbound UA (§4): the instance id and reg-id on the Contact of every REGISTER
// (§4.2.1, §4.2.2: the same values on refreshes and removals, so a new flow replaces the old
// binding), the `outbound` and `path` option tags, `ob` on the Contact of dialog-forming
// requests (§4.3), and the numbers of §4.4 and §4.4.1 (whether the registrar does outbound, the
// keep-alive interval). The core applies `withOutbound` to every request it sends when
// `UaConfig.outbound` is set; keeping a flow alive (the pings, their timers) is the shell's.
import * as E from "fp-ts/lib/Either.js";
import { Methods, headerValues, printContact, replaceHeader } from "@puresip/message";
import type { ContactValue, Param, SipRequest } from "@puresip/message";

/**
 * RFC 5626 §4.1 and §4.2.1: who this UA instance is to an outbound registrar: the URN that names
 * it (a `urn:uuid:`, kept across restarts) and the reg-id of its one flow.
 */
export interface OutboundIdentity {
  /** §4.1: the instance URN, without angle brackets. */
  readonly instance: string;
  /** §4.2.1: distinct per flow; the same sequence after every restart. */
  readonly regId: number;
}

const OWN_PARAMS = new Set(["+sip.instance", "reg-id"]);

/** §4.1: `+sip.instance="<urn:uuid:...>"`, the URN in angle brackets inside a quoted string. */
const identityParams = (id: OutboundIdentity): ReadonlyArray<Param> => [
  { name: "+sip.instance", value: `"<${id.instance}>"` },
  { name: "reg-id", value: String(id.regId) },
];

const withIdentity = (c: ContactValue, id: OutboundIdentity): ContactValue =>
  c._tag === "Wildcard" ? c : { ...c, params: [...c.params.filter((p) => !OWN_PARAMS.has(p.name.toLowerCase())), ...identityParams(id)] };

/** Requests that form a dialog (RFC 3261 §12, RFC 6665, RFC 3515): their Contact gets `ob` (§4.3). */
const DIALOG_FORMING = new Set<string>([Methods.INVITE, Methods.SUBSCRIBE, Methods.REFER]);

/** §4.3: "the UAC adds an "ob" parameter to its Contact header field value" (a URI parameter, RFC 5626 §5.4). */
const withOb = (c: ContactValue): ContactValue =>
  c._tag === "Wildcard" || c.uri._tag !== "SipUri" || c.uri.params.some((p) => p.name.toLowerCase() === "ob") ? c : { ...c, uri: { ...c.uri, params: [...c.uri.params, { name: "ob" }] } };

/** The option tags in every Supported field of `request`, lower-cased. */
const supported = (request: SipRequest): ReadonlyArray<string> =>
  headerValues("Supported")(request)
    .flatMap((v) => v.split(","))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);

const withSupported = (request: SipRequest, tags: ReadonlyArray<string>): E.Either<string, SipRequest> => {
  const have = supported(request);
  const missing = tags.filter((t) => !have.some((h) => h.toLowerCase() === t));
  if (missing.length === 0) return E.right(request);
  const replaced = replaceHeader("Supported", [[...have, ...missing].join(", ")])(request);
  return E.mapLeft((e: { readonly header: string; readonly reason: string }) => `${e.header}: ${e.reason}`)(replaced);
};

/**
 * The request as an outbound UA sends it. REGISTER (§4.2.1): `Supported: outbound, path` and
 * the identity on each Contact (a wildcard removal and a fetch have none to carry); any other
 * request (§4.3): `Supported: outbound`, and on a dialog-forming one (INVITE, SUBSCRIBE, REFER)
 * `ob` on the Contact URI, so the edge proxy keeps the dialog's requests on this flow.
 * Idempotent, so a request the core retries (a digest retry, §22.2) comes out the same.
 */
export const withOutbound =
  (id: OutboundIdentity) =>
  (request: SipRequest): E.Either<string, SipRequest> => {
    if (request.method === Methods.ACK || request.method === Methods.CANCEL) return E.right(request);
    if (request.method !== Methods.REGISTER) {
      const contacts = request.core.contact;
      const obbed = !DIALOG_FORMING.has(request.method) || contacts.length === 0 ? E.right(request) : E.mapLeft((e: { readonly header: string; readonly reason: string }) => `${e.header}: ${e.reason}`)(replaceHeader("Contact", [printContact(contacts.map(withOb))])(request));
      return E.flatMap(obbed, (r) => withSupported(r, ["outbound"]));
    }
    const contacts = request.core.contact;
    const tagged = contacts.length === 0 ? E.right(request) : E.mapLeft((e: { readonly header: string; readonly reason: string }) => `${e.header}: ${e.reason}`)(replaceHeader("Contact", [printContact(contacts.map((c) => withIdentity(c, id)))])(request));
    return E.flatMap(tagged, (r) => withSupported(r, ["outbound", "path"]));
  };

/** §4.2.1: "Presence of this option-tag [outbound in Require of a 2xx to REGISTER] indicates that the registrar is compliant". */
export const registrarSupportsOutbound = (require: ReadonlyArray<string>): boolean =>
  require.flatMap((v) => v.split(",")).some((t) => t.trim().toLowerCase() === "outbound");

/** §4.4: the Flow-Timer of a successful registration, in seconds, when present and sane. */
export const flowTimerSeconds = (values: ReadonlyArray<string>): number | undefined => {
  const first = values[0]?.trim();
  if (first === undefined || !/^[0-9]{1,9}$/.test(first)) return undefined;
  const n = Number(first);
  return n > 0 ? n : undefined;
};

/**
 * §4.4 / §4.4.1: the delay before the next "ping", in ms. With a Flow-Timer: "randomly
 * distributed between 80% and 100% of the server-provided time"; without: between the upper
 * bound (120 s by default) and 20% less. `uniform` is a draw in [0, 1).
 */
export const keepAliveDelayMs = (flowTimerS: number | undefined, upperBoundMs: number, uniform: number): number => {
  const upper = flowTimerS === undefined ? upperBoundMs : flowTimerS * 1000;
  return Math.floor(upper * (0.8 + 0.2 * uniform));
};

/** §4.4.1: "If a pong is not received within 10 seconds after sending a ping ... the client MUST treat the flow as failed." */
export const PONG_TIMEOUT_MS = 10_000;
