// §10.3 at the proxy: a REGISTER for one of its domains goes to @puresip/ua's registrar, whose
// bindings the proxy keeps in the engine's registry, each AOR under its own key with the
// deadline of its first binding's expiry (so a lapsed binding leaves by itself). With
// `location: "Owner"` the bindings live in the owner's store (location/store.ts): the proxy
// asks it to apply the REGISTER atomically and answers when the owner says `Registered`.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { RegistrarConfig } from "@puresip/ua/registrar";
import { activeBindings, processRegister } from "@puresip/ua/registrar";
import { bindingsKey } from "../context/types.js";
import { registeredAor } from "../location/aor.js";
import { withRequireOutbound } from "../outbound/registration.js";
import type { Work } from "./work.js";
import { answer, dropped, freshTag, ownResponse, respond } from "./work.js";

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
 * and answers with `Registered`; the non-INVITE server transaction waits for it in Trying.
 */
export const registerWithOwner = (w: Work, key: string, request: SipRequest, identity: O.Option<string>): void => {
  const aor = registeredAor(request);
  if (E.isLeft(aor)) {
    answer(w, key, request, 400);
    return;
  }
  const who = O.isSome(identity) ? { identity: identity.value } : {};
  w.out.push({ _tag: "Deliver", event: { _tag: "BindingUpdate", context: key, aor: aor.right, request, toTag: freshTag(w), ...who } });
};

/** The owner's store answered a `BindingUpdate`: the response goes on the REGISTER's server transaction, if it is still there. */
export const onRegistered = (w: Work, key: string, response: SipResponse): void => {
  if (w.store.get(key)?._tag !== "NonInviteServer") {
    dropped(w, "a Registered answer for a REGISTER whose transaction is gone");
    return;
  }
  respond(w, key, withRequireOutbound(w.config, response));
};
