// §10.3 at the proxy: a REGISTER for one of its domains goes to @puresip/ua's registrar, whose
// bindings the proxy keeps in the engine's registry, each AOR under its own key with the
// deadline of its first binding's expiry (so a lapsed binding leaves by itself). With
// `location: "Owner"` the bindings live in the owner's store (location/store.ts): the proxy
// asks it to apply the REGISTER atomically and answers when the owner says `Registered`.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { headerFieldList, Methods, readHeaderList, requireHeader, unsupportedHeader } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import type { RegistrarConfig } from "@puresip/ua/registrar";
import { activeBindings, processRegister } from "@puresip/ua/registrar";
import { bindingsKey, registeringKey } from "../context/types.js";
import { STORE_RETRY_AFTER } from "../location/owner.js";
import { registeredAor } from "../location/aor.js";
import { withRequireOutbound } from "../outbound/registration.js";
import type { Work } from "./work.js";
import { answer, dropped, freshTag, ownResponse, respond } from "./work.js";
import type { ProxyConfig } from "../config.js";
import { isOwnDomain } from "../self.js";

/** The option-tags the proxy's registrar understands in a REGISTER's Require: RFC 3327's path (§5.3). */
export const REGISTRAR_EXTENSIONS: ReadonlyArray<string> = ["path"];

/** Those and, with a `flowKey` (its registrar keeps flows, RFC 5626 §6), `outbound`. */
const understood = (config: ProxyConfig): ReadonlyArray<string> => (O.isSome(config.flowKey) ? [...REGISTRAR_EXTENSIONS, "outbound"] : REGISTRAR_EXTENSIONS);

/**
 * §10.3 step 2: "the registrar MUST process the Require header field values as described for
 * UASs in Section 8.2.2", before it asks for credentials (step 3): an option-tag it does not
 * understand is 420 (Bad Extension) with an Unsupported header field listing those tags
 * (§8.2.2.3), a Require that does not parse is 400. None: the REGISTER goes on, or the request
 * is not one for the proxy's registrar.
 */
export const registrarRequire = (config: ProxyConfig, request: SipRequest): O.Option<{ readonly status: 400 | 420; readonly headers: ReadonlyArray<HeaderField> }> => {
  if (request.method !== Methods.REGISTER || O.isNone(config.registrar) || !isOwnDomain(config, request.uri)) return O.none;
  const required = readHeaderList(requireHeader)(request);
  if (E.isLeft(required)) return O.some({ status: 400, headers: [] });
  const known = understood(config);
  const unknown = required.right.filter((t) => !known.includes(t.toLowerCase()));
  return unknown.length === 0 ? O.none : O.some({ status: 420, headers: [headerFieldList(unsupportedHeader)(unknown)] });
};

/**
 * One REGISTER, from `identity` when §22.1 authenticated it (§10.3 step 3). `reply` sends the response: on its server transaction (stateful), or straight
 * back to where it came from (a stateless proxy's registrar is a stateless UAS, §8.2.7).
 */
export const register = (w: Work, config: RegistrarConfig, request: SipRequest, identity: O.Option<string>, reply: (response: SipResponse) => void): void => {
  const aor = registeredAor(request);
  if (E.isLeft(aor)) {
    const bad = ownResponse(w, request, 400);
    if (E.isRight(bad)) reply(bad.right);
    return;
  }
  const k = bindingsKey(aor.right);
  const entry = w.store.get(k);
  const current = entry?._tag === "Bindings" ? activeBindings(entry.bindings, w.now) : [];
  const outcome = processRegister(config)(current, request, { now: w.now, toTag: freshTag(w), aors: w.aors, ...(O.isSome(identity) ? { identity: identity.value } : {}) });
  if (E.isLeft(outcome)) {
    const failed = ownResponse(w, request, 500);
    if (E.isRight(failed)) reply(failed.right);
    return;
  }
  const o = outcome.right;
  if (o._tag === "Accepted") {
    const had = entry?._tag === "Bindings";
    if (o.bindings.length === 0) {
      w.store.forget(k);
      if (had) w.aors -= 1;
    } else {
      w.store.put(k, { _tag: "Bindings", aor: aor.right, bindings: o.bindings });
      if (!had) w.aors += 1;
    }
  }
  reply(o.response);
};

/** A binding's expiry came: keep the ones still in force, or forget the AOR. */
export const onBindingsTick = (w: Work, key: string): void => {
  const entry = w.store.get(key);
  if (entry?._tag !== "Bindings") return;
  const left = activeBindings(entry.bindings, w.now);
  if (left.length === entry.bindings.length) return;
  if (left.length > 0) w.store.put(key, { ...entry, bindings: left });
  else {
    w.store.forget(key);
    w.aors -= 1;
  }
};

/**
 * One REGISTER on server transaction `key` when the owner keeps the bindings: the owner applies
 * §10.3 steps 6–8 to the AOR's bindings in one atomic update (step 7's "processed atomically")
 * and answers with `Registered`; the non-INVITE server transaction waits for it in Trying, at
 * most `ownerDeadline` (`Registering`, `U <key>`).
 */
export const registerWithOwner = (w: Work, key: string, request: SipRequest, identity: O.Option<string>): void => {
  const aor = registeredAor(request);
  if (E.isLeft(aor)) {
    answer(w, key, request, 400);
    return;
  }
  const who = O.isSome(identity) ? { identity: identity.value } : {};
  w.store.put(registeringKey(key), { _tag: "Registering", server: key, request, until: w.now + w.config.ownerDeadline });
  w.out.push({ _tag: "Deliver", event: { _tag: "BindingUpdate", context: key, aor: aor.right, request, toTag: freshTag(w), ...who } });
};

/** The owner's store answered a `BindingUpdate`: the response goes on the REGISTER's server transaction, if it still waits. */
export const onRegistered = (w: Work, key: string, response: SipResponse): void => {
  const waiting = w.store.get(registeringKey(key));
  if (waiting?._tag !== "Registering" || w.store.get(key)?._tag !== "NonInviteServer") {
    dropped(w, "a Registered answer for a REGISTER already answered or whose transaction is gone");
    return;
  }
  w.store.forget(registeringKey(key));
  respond(w, key, withRequireOutbound(w.config, response));
};

/**
 * The owner's store did not answer a REGISTER in time: §21.5.4 503 "Service Unavailable" ("The
 * server is temporarily unable to process the request"), with Retry-After (§20.33), as for a
 * store that says it failed (../location/owner.ts). Not 500: nothing is known to be wrong with
 * the request or the registrar, and a 503's client may try again (after Retry-After) while a
 * 500 says an unexpected condition. A late `Registered` is then dropped (the binding may still
 * have been applied; the client's retry, with a higher CSeq, is in order under §10.3 step 7).
 */
export const onRegisteringTick = (w: Work, key: string): void => {
  const e = w.store.get(key);
  if (e?._tag !== "Registering" || e.until > w.now) return;
  w.store.forget(key);
  if (w.store.get(e.server)?._tag !== "NonInviteServer") return;
  answer(w, e.server, e.request, 503, [{ name: "Retry-After", value: String(STORE_RETRY_AFTER) }], "Location Service Unavailable");
  dropped(w, "the location store did not answer a REGISTER in time");
};
