// §10.3 steps 6–8 as a `BindingsUpdate`: @puresip/ua's registrar run against the AOR's bindings
// as the store holds them, on the store's clock, so every proxy sharing the store decides the
// same way. A store that retries runs it again on what it then reads.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import type { RegistrarConfig } from "@puresip/ua/registrar";
import { processRegister } from "@puresip/ua/registrar";
import type { BindingsUpdate } from "./store.js";

/**
 * The update of one REGISTER: on success (`Accepted`) the AOR's new bindings, otherwise none;
 * either way the response (§10.3 step 8's 200 listing the bindings, or the failure's response).
 * `Left` only when no response could be built.
 */
export const registerUpdate =
  (config: RegistrarConfig, request: SipRequest, toTag: Tag, identity?: string): BindingsUpdate<E.Either<string, SipResponse>> =>
  (current, view) => {
    const outcome = processRegister(config)(current, request, {
      now: view.now,
      toTag,
      ...(view.aors === undefined ? {} : { aors: view.aors }),
      // §10.3 step 3: an authenticated user may change only the bindings of its own AOR.
      ...(identity === undefined ? {} : { identity }),
    });
    if (E.isLeft(outcome)) return { bindings: O.none, result: outcome };
    const o = outcome.right;
    return { bindings: o._tag === "Accepted" ? O.some(o.bindings) : O.none, result: E.right(o.response) };
  };
