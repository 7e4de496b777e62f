// The owner's side of `location: "Owner"`: what turns the proxy's `LocationQuery` and
// `BindingUpdate` into calls on a `LocationStore` and its answers into the commands `Located`
// and `Registered`. It decides nothing of SIP: §10.3 is `registerUpdate`, run by the store.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import { createResponse } from "@puresip/message";
import type { RegistrarConfig } from "@puresip/ua/registrar";
import type { ProxyApp, ProxyCommand } from "../element/work.js";
import { registerUpdate } from "./register-update.js";
import type { LocationStore } from "./store.js";

/**
 * The REGISTER's answer when the store cannot be reached: 503 (§21.5.4, "temporarily unable"),
 * or 500 when the registrar could build no response. `undefined` only if neither can be built.
 */
const failure = (request: SipRequest, toTag: Tag, status: 500 | 503, phrase: string, retryAfter: number): SipResponse | undefined => {
  // The phrase is for a human (§21); what went wrong inside stays inside.
  const unavailable = status === 503 ? { reason: phrase, headers: [{ name: "Retry-After", value: String(retryAfter) }] } : {};
  const r = createResponse(status, { toTag, ...unavailable })(request);
  return E.isRight(r) ? r.right : undefined;
};

/** Seconds a client is asked to wait (§20.33 Retry-After) when the store cannot answer. */
export const STORE_RETRY_AFTER = 5;

/**
 * Answers one event of the proxy from `store`: `some` command for `LocationQuery` (the bindings,
 * or `LocationUnavailable` if the store failed, so a 503 with Retry-After, §21.5.4) and
 * `BindingUpdate` (the response, 503 with Retry-After if the store failed); `none` for the rest.
 * Binding expiries go back on the element's clock (`elementNow`), which may not be the store's.
 * `retryAfter` (whole seconds, at least 1) is the Retry-After of those 503s.
 */
export const answerFromStore =
  (store: LocationStore, registrar: RegistrarConfig, elementNow: () => number, retryAfter: number = STORE_RETRY_AFTER) =>
  async (app: ProxyApp): Promise<O.Option<ProxyCommand>> => {
    const wait = Number.isSafeInteger(retryAfter) && retryAfter > 0 ? retryAfter : 1;
    switch (app._tag) {
      case "LocationQuery": {
        const found = await store.lookUp(app.aor);
        if (E.isLeft(found)) return O.some({ _tag: "LocationUnavailable", context: app.context, retryAfter: wait });
        const shift = elementNow() - store.now();
        const bindings = found.right.map((b) => ({ ...b, expiresAt: b.expiresAt + shift }));
        return O.some({ _tag: "Located", context: app.context, bindings });
      }
      case "BindingUpdate": {
        const done = await store.update(app.aor, registerUpdate(registrar, app.request, app.toTag, app.identity));
        const response = E.isLeft(done)
          ? failure(app.request, app.toTag, 503, "Location Service Unavailable", wait)
          : E.isLeft(done.right)
            ? failure(app.request, app.toTag, 500, done.right.left, wait)
            : done.right.right;
        return response === undefined ? O.none : O.some({ _tag: "Registered", context: app.context, response });
      }
      case "Dropped":
        return O.none;
      default:
        return absurd(app);
    }
  };
