// One step's working set: the registry overlay, the entropy, the events for the transaction
// layer and the effects for the engine. Handlers write here; the element drains it through
// the kernel's queue, so nothing re-enters (DESIGN.md "one explicit queue inside a pure step").
// Local mutation of values no caller sees.
import * as E from "fp-ts/lib/Either.js";
import type { Binding } from "@puresip/ua/registrar";
import type { Effect, Overlay, Peer, Seed } from "@puresip/kernel";
import { mintTag } from "@puresip/kernel";
import type { HeaderField, SipMessage, SipRequest, SipResponse, Tag } from "@puresip/message";
import { createResponse } from "@puresip/message";
import type { LayerEvent, TransactionKey } from "@puresip/transaction";
import type { ProxyConfig } from "../config.js";
import type { Cursors, ProxyContext, ProxyEntry } from "../context/types.js";
import { contextKey } from "../context/types.js";

/** What the proxy tells its owner. */
export type ProxyApp =
  /** §16.5 with `location: "Owner"`: look `aor` up and answer with the command `Located`. */
  | { readonly _tag: "LocationQuery"; readonly context: string; readonly aor: string }
  /**
   * §10.3 with `location: "Owner"`: apply this REGISTER to the bindings of `aor` atomically
   * (`registerUpdate` is the pure §10.3 steps 6–8) and answer with the command `Registered`.
   * `context` is the REGISTER's server transaction; `toTag` the To tag of its response.
   */
  | { readonly _tag: "BindingUpdate"; readonly context: string; readonly aor: string; readonly request: SipRequest; readonly toTag: Tag; readonly identity?: string }
  /** A message the proxy could not use, and why (counted by the owner). */
  | { readonly _tag: "Dropped"; readonly reason: string };

/**
 * What the owner tells the proxy: the location service's answer for `context`, the bindings of
 * a `LocationQuery` (`Located`) or the response to the REGISTER of a `BindingUpdate` (`Registered`).
 * `LocationUnavailable`: the location service could not answer the query of `context`, so the
 * request gets 503 with `Retry-After: retryAfter` seconds (§21.5.4) rather than §16.5's 480,
 * which would tell the caller the user is not there when nobody knows.
 */
export type ProxyCommand =
  | { readonly _tag: "Located"; readonly context: string; readonly bindings: ReadonlyArray<Binding> }
  | { readonly _tag: "LocationUnavailable"; readonly context: string; readonly retryAfter: number }
  | { readonly _tag: "Registered"; readonly context: string; readonly response: SipResponse };

export type ProxyEffect = Effect<ProxyEntry, ProxyApp>;

export interface Work {
  readonly config: ProxyConfig;
  readonly now: number;
  readonly store: Overlay<ProxyEntry>;
  seed: Seed;
  aors: number;
  cursors: Cursors;
  forgottenBefore: number;
  readonly layer: Array<LayerEvent>;
  readonly out: Array<ProxyEffect>;
}

/** §19.3: a fresh To tag for a response this proxy makes itself. */
export const freshTag = (w: Work): Tag => {
  const [tag, next] = mintTag(w.seed);
  w.seed = next;
  return tag as Tag;
};

export const dropped = (w: Work, reason: string): void => {
  w.out.push({ _tag: "Deliver", event: { _tag: "Dropped", reason } });
};

export const transmit = (w: Work, message: SipMessage, destination: Peer): void => {
  w.out.push({ _tag: "Transmit", message, destination });
};

/** A response this proxy makes itself to `request` (§8.2.6), with a fresh To tag. */
export const ownResponse = (w: Work, request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = [], reason?: string): E.Either<string, SipResponse> =>
  E.mapLeft((e: { readonly reason: string }) => e.reason)(
    createResponse(status, { toTag: freshTag(w), headers, ...(reason === undefined ? {} : { reason }) })(request),
  );

/** Answer server transaction `key` with `response`. */
export const respond = (w: Work, key: string, response: SipResponse): void => {
  w.layer.push({ _tag: "SendResponse", now: w.now, key: key as TransactionKey, response });
};

/** Answer server transaction `key` with a response of the proxy's own. */
export const answer = (w: Work, key: string, request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = [], reason?: string): void => {
  const r = ownResponse(w, request, status, headers, reason);
  if (E.isRight(r)) respond(w, key, r.right);
  else dropped(w, `no ${String(status)} could be built: ${r.left}`);
};

export const getContext = (w: Work, id: string): ProxyContext | undefined => {
  const e = w.store.get(contextKey(id));
  return e?._tag === "Context" ? e : undefined;
};
