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
const failure = (request: SipRequest, toTag: Tag, status: 500 | 503, phrase: string): SipResponse | undefined => {
  // The phrase is for a human (§21); what went wrong inside stays inside.
  const r = createResponse(status, { toTag, ...(status === 503 ? { reason: phrase } : {}) })(request);
  return E.isRight(r) ? r.right : undefined;
};

/**
 * Answers one event of the proxy from `store`: `some` command for `LocationQuery` (the bindings,
 * none if the store failed, so §16.5's 480) and `BindingUpdate` (the response); `none` for the
 * rest. Binding expiries go back on the element's clock (`elementNow`), which may not be the store's.
 */
export const answerFromStore =
  (store: LocationStore, registrar: RegistrarConfig, elementNow: () => number) =>
  async (app: ProxyApp): Promise<O.Option<ProxyCommand>> => {
    switch (app._tag) {
      case "LocationQuery": {
        const found = await store.lookUp(app.aor);
        const shift = elementNow() - store.now();
        const bindings = E.isRight(found) ? found.right.map((b) => ({ ...b, expiresAt: b.expiresAt + shift })) : [];
        return O.some({ _tag: "Located", context: app.context, bindings });
      }
      case "BindingUpdate": {
        const done = await store.update(app.aor, registerUpdate(registrar, app.request, app.toTag, app.identity));
        const response = E.isLeft(done)
          ? failure(app.request, app.toTag, 503, "Location Service Unavailable")
          : E.isLeft(done.right)
            ? failure(app.request, app.toTag, 500, done.right.left)
            : done.right.right;
        return response === undefined ? O.none : O.some({ _tag: "Registered", context: app.context, response });
      }
      case "Dropped":
        return O.none;
      default:
        return absurd(app);
    }
  };
