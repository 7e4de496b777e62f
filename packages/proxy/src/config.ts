// What a proxy is told about itself and its domain: the addresses that mean "this proxy"
// (§16.4's own Route entries, §16.3 step 4's own Via values, the sent-by of §16.6 step 8 and
// the Record-Route URI of step 4), the domains it is responsible for (§16.5), and its policy.
import * as O from "fp-ts/lib/Option.js";
import type { Peer } from "@puresip/kernel";
import type { SipRequest } from "@puresip/message";
import type { LayerConfig } from "@puresip/transaction";
import { defaultLayerConfig } from "@puresip/transaction";
import type { RegistrarConfig } from "@puresip/ua/registrar";
import type { Authentication } from "./authentication/digest.js";
import type { RouteDecision } from "./target-determination/route.js";

/**
 * Where the proxy's location service lives (§16.5: "a location service ... abstract database").
 * - `Registry`: the bindings the proxy's own registrar keeps in the engine's registry.
 * - `Owner`: the owner answers: the element delivers `LocationQuery` and waits for the command
 *   `Located`, and its registrar delivers `BindingUpdate` and waits for `Registered` (a
 *   `LocationStore` in memory or in another process, such as Redis, answers asynchronously).
 *   The stateless mode (§16.11) has nothing to wait in and always uses the registry.
 */
export type LocationService = "Registry" | "Owner";

/**
 * §16.6 / §16.7: how a target set is tried. `ByQ`: targets of equal q-value in parallel, higher
 * q-values first, a group at a time (sequential forking); `Parallel`: every target at once.
 */
export type Forking = "ByQ" | "Parallel";

/**
 * What a proxy (RFC 3261 §16) is told about itself and its domain: the addresses and names that
 * mean this proxy, the domains it is responsible for (§16.5), how it forks and routes, its
 * bounds and timers, and whether it is also the registrar (§10.3).
 */
export interface ProxyConfig {
  /** §16.5: the domains this proxy is responsible for (lower case); its own addresses are too. */
  readonly domains: ReadonlyArray<string>;
  /**
   * The transport addresses this proxy listens on. The first of a transport is the sent-by of
   * its Via (§16.6 step 8) and its Record-Route URI (step 4); any of them in a Route or Via means
   * this proxy. At least one.
   */
  readonly self: ReadonlyArray<Peer>;
  /** Other host names that mean this proxy (e.g. `localhost`, a DNS name of the machine). */
  readonly aliases: ReadonlyArray<string>;
  /** §16.6 step 4: stay on the path of dialogs this proxy sees created. */
  readonly recordRoute: boolean;
  /**
   * RFC 3327 §5.2: put this proxy on the path of requests toward UAs whose REGISTER it forwards
   * (a Path value on top, when the REGISTER says `Supported: path`).
   */
  readonly path: boolean;
  /** §16.6: how a target set is tried, by q-value groups or all at once. */
  readonly forking: Forking;
  /**
   * §16.7 step 4: recurse on the Contacts of a 3xx ("add them to the target set") instead of
   * passing it upstream. Off by default.
   */
  readonly recurse: boolean;
  /** Branches one context may start in all (forks, 3xx recursion, RFC 3263 failover): a bound on amplification (RFC 5393). */
  readonly maxBranches: number;
  /** §16.6 step 11: Timer C, "MUST be set to be larger than 3 minutes" (ms). */
  readonly timerC: number;
  /** §16.3 step 5: the option-tags this proxy supports in Proxy-Require. */
  readonly supported: ReadonlyArray<string>;
  /** §16.3 step 2: the URI schemes this proxy forwards. */
  readonly schemes: ReadonlyArray<string>;
  /** The §17 transaction layer underneath (T1 also bounds CANCELled branches, §9.1). */
  readonly layer: LayerConfig;
  /** §10.3: REGISTERs for the proxy's domains go to this registrar (none: they are forwarded). */
  readonly registrar: O.Option<RegistrarConfig>;
  /**
   * §22.3 and §22.1: challenge requests from the proxy's own users (407) and REGISTERs to its
   * registrar (401), and check their credentials (none: no authentication).
   */
  readonly authentication: O.Option<Authentication>;
  /** §16.5: who answers the location service's queries, the registry or the owner. */
  readonly location: LocationService;
  /**
   * RFC 5626 §5.2: the key K of this proxy's flow tokens (at least 16 bytes from the adapter's
   * CSPRNG). With it, its registrar keeps the flow an outbound REGISTER came on (§6) and the
   * proxy sends requests for that binding over it (§5.3, §7): the way to reach a UA whose
   * Contact no one can resolve (a browser's `.invalid` host over WebSocket, RFC 7118). None:
   * no outbound processing.
   */
  readonly flowKey: O.Option<Uint8Array>;
  /** §16.5's local policy: where a request goes. `defaultRoute` asks the location service for the proxy's domains. */
  readonly route: (request: SipRequest, config: ProxyConfig) => RouteDecision;
}

/** §16.6 step 11 "larger than 3 minutes": 3 minutes and one second. */
export const DEFAULT_TIMER_C = 181_000;

/**
 * A `ProxyConfig` with the proxy's own addresses `self` and its routing policy `route`, and
 * defaults for the rest: no domains or aliases, no Record-Route or Path, sequential forking by q-value
 * without 3xx recursion, at most 16 branches a request, Timer C `DEFAULT_TIMER_C`, no
 * Proxy-Require option-tags, `sip` and `sips` URIs, the default transaction layer, no registrar,
 * no authentication, the registry as location service, and no RFC 5626 flow tokens.
 */
export const baseConfig = (
  self: ReadonlyArray<Peer>,
  route: ProxyConfig["route"],
): ProxyConfig => ({
  domains: [],
  self,
  aliases: [],
  recordRoute: false,
  path: false,
  forking: "ByQ",
  recurse: false,
  maxBranches: 16,
  timerC: DEFAULT_TIMER_C,
  supported: [],
  schemes: ["sip", "sips"],
  layer: defaultLayerConfig,
  registrar: O.none,
  authentication: O.none,
  location: "Registry",
  flowKey: O.none,
  route,
});

/** How long a branch may wait for its final response after its CANCEL (§9.1: 64*T1). */
export const cancelGrace = (config: ProxyConfig): number => 64 * config.layer.timers.t1;
