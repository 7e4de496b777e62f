// RFC 3261 §16.5 "Determining Request Targets": "If the domain of the Request-URI indicates a
// domain this element is not responsible for, the Request-URI MUST be placed into the target
// set as the only target"; for a domain it is responsible for, the proxy "MAY use any
// mechanism it wishes", a location service among them. The policy is a pure function the
// owner may replace (`ProxyConfig.route`); this is the default.
import * as E from "fp-ts/lib/Either.js";
import type { SipRequest, Uri } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { locationAor } from "../location/aor.js";
import { isOwnDomain } from "../self.js";

/** A target (§16.5), its q-value (§20.10), which orders sequential forking, and the Path it registered with (RFC 3327). */
export interface Target {
  readonly uri: Uri;
  readonly q: number;
  /** RFC 3327 §5.4: the path vector stored with the binding, the preloaded Route toward it. */
  readonly path?: ReadonlyArray<string>;
}

/**
 * Where a request goes.
 * - `Location`: ask the location service for the bindings of `aor` (a canonical AOR, §10.3 step 5).
 * - `Targets`: these targets (an empty set gets 480, §16.5).
 * - `Reject`: answer with `status` (the policy refuses to route it).
 * - `Redirect`: answer with a 3xx listing `contacts` (§8.3, §21.3): the element acts as a
 *   redirect server for this request and the client tries them itself (§8.1.3.4).
 */
export type RouteDecision =
  | { readonly _tag: "Location"; readonly aor: string }
  | { readonly _tag: "Targets"; readonly targets: ReadonlyArray<Target> }
  | { readonly _tag: "Reject"; readonly status: number; readonly reason: string }
  | { readonly _tag: "Redirect"; readonly status: RedirectStatus; readonly contacts: ReadonlyArray<Target> };

/** §21.3's redirection codes: Multiple Choices, Moved Permanently, Moved Temporarily, Use Proxy, Alternative Service. */
export type RedirectStatus = 300 | 301 | 302 | 305 | 380;

/**
 * The default policy: a Request-URI in one of the proxy's domains (or addressed to the proxy
 * itself) is looked up in the location service by its AOR; anything else goes to the
 * Request-URI (in-dialog requests, other domains).
 */
export const defaultRoute = (request: SipRequest, config: ProxyConfig): RouteDecision => {
  if (!isOwnDomain(config, request.uri)) return { _tag: "Targets", targets: [{ uri: request.uri, q: 1 }] };
  const aor = locationAor(request.uri);
  return E.isRight(aor) ? { _tag: "Location", aor: aor.right } : { _tag: "Reject", status: 404, reason: aor.left };
};
