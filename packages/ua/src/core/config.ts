// The UA's configuration (issue #7): who it is, what it supports, its timers and policies.
// Split from ./types.ts, which re-exports it with the rest of the public contract.
import type { Secret } from "@puresip/auth";
import type { Param, Uri } from "@puresip/message";
import type { SessionConfig } from "@puresip/dialog";
import type { LocalCapabilities } from "@puresip/sdp";
import type { LayerConfig } from "@puresip/transaction";
import type { Capabilities } from "../capabilities.js";
import type { SentBy } from "../uac/new-request.js";
import type { OutboundIdentity } from "../uac/outbound.js";

// ---------------------------------------------------------------- configuration

/** One entry of the static credentials table (§22.2): for `realm`, or any realm when absent. */
export interface Credential {
  readonly realm?: string;
  readonly username: string;
  readonly secret: Secret;
}

export interface UaConfig {
  /** Who this UA is: From of its requests, To of its registrations (§8.1.1.3). */
  readonly aor: Uri;
  readonly displayName?: string;
  /** The Contact this UA puts in dialog-creating requests and responses (§8.1.1.8). */
  readonly contact: Uri;
  /**
   * RFC 3840 feature parameters put on every Contact this UA sends, e.g. `isfocus` for a
   * conference focus (RFC 4579 §4.2: "a focus MUST include the 'isfocus' feature parameter in
   * the Contact header field"). Default none.
   */
  readonly contactParams?: ReadonlyArray<Param>;
  /**
   * The Contact of a dialog an incoming INVITE creates takes the user part of its Request-URI
   * (a SIP `contact` only): a focus serving several conference URIs from one address is then
   * reached in each dialog at the conference's own URI (RFC 4579 §4.2: the dialog "belongs to a
   * conference, identified by the URI in the Contact header field"). Default false.
   */
  readonly contactFromRequestUri?: boolean;
  /** sent-by and transport of the top Via of every request (§18.1.1). */
  readonly sentBy: SentBy;
  /**
   * §8.1.3.4: a 3xx to a call's INVITE makes the UA try the Contacts it lists, highest q first,
   * each after the failure of the one before, as new requests of the same call. Default false:
   * the 3xx goes to the application as `CallFailed`.
   */
  readonly followRedirects?: boolean;
  /** §8.1.2: a pre-existing route set (an outbound proxy) for requests outside a dialog. */
  readonly outboundProxy?: ReadonlyArray<Uri>;
  /** What the UAS core supports (§8.2): checked on every request, advertised in Allow/Supported. */
  readonly capabilities: Capabilities;
  /**
   * §22.2: credentials for 401/407 challenges, looked up by realm (an entry without a realm
   * answers any). A challenge no entry answers ends the request with the 401/407.
   */
  readonly credentials: ReadonlyArray<Credential>;
  /**
   * The media this UA can run (@puresip/sdp). Present: the UA makes SDP offers and answers
   * itself and delivers `CallMedia`; absent: bodies are the application's (opaque).
   */
  readonly media?: LocalCapabilities;
  /** Transaction timers (T1, T2, T4) and the 100 Trying delay. */
  readonly layer: LayerConfig;
  /**
   * INVITE session settings (T1/T2, reliable provisionals, session timer policy). Set
   * `reliable` for a reliable transport: the UAS then need not retransmit its 2xx (§13.3.1.4).
   */
  readonly session: SessionConfig;
  /** §10.2: the registration interval asked for when a `Register` command names none. */
  readonly registerExpires: number;
  /**
   * RFC 6665 §4.2.1.1: the durations granted to subscriptions this UA serves, in seconds: an
   * Expires below `minExpires` gets 423 with Min-Expires (null: never), one above `maxExpires`
   * is cut down to it, and a SUBSCRIBE without Expires gets `maxExpires`. Default 60 and 3600.
   */
  readonly notifier?: { readonly minExpires: number | null; readonly maxExpires: number };
  /**
   * RFC 6665 §5.4.9: "Each event package MUST specify whether forked SUBSCRIBE requests are
   * allowed to install multiple subscriptions." The packages named here install one: a NOTIFY
   * from another dialog than the subscription's is answered 481 instead of starting a second
   * subscription (§4.1.2.4). Default `NON_FORKING_EVENTS`: `conference` (RFC 4575 §3.8:
   * "subscribers to this package MUST NOT establish more than a single SIP dialog as a result
   * of a single SUBSCRIBE request").
   */
  readonly nonForkingEvents?: ReadonlyArray<string>;
  /**
   * How long, in seconds, an incoming call may ring before the UA answers it itself with 480
   * Temporarily Unavailable (RFC 3261 §21.4.18: "the callee's end system was contacted
   * successfully but the callee is currently unavailable") when the application gives no final
   * response: without it, an INVITE without Expires (§13.3.1 step 1) would be kept forever.
   * Default 180.
   */
  readonly answerTimeout?: number;
  /**
   * RFC 3581 §3: an INVITE sent over UDP is sent again every this many ms until its final
   * response ("To keep the binding fresh, the client SHOULD retransmit its INVITE every 20
   * seconds or so. These retransmissions will need to take place even after receiving a
   * provisional response"), so a NAT between the UA and the callee keeps the mapping the
   * responses come back on. Default `INVITE_REFRESH_MS` (20 s); `false`: never (no NAT on the path).
   */
  readonly inviteRefresh?: number | false;
  /**
   * RFC 5626 (outbound): this UA instance's URN and reg-id (§4.1, §4.2.1). With it, every REGISTER
   * carries `+sip.instance` and `reg-id` on its Contacts and `Supported: outbound, path`, every
   * other request `Supported: outbound`, and a dialog-forming one `ob` on its Contact URI (§4.3),
   * so an edge proxy or registrar keeps the flow it came on. Keeping that flow alive (§4.4) and
   * forming a new one (§4.5) is the shell's. Default none: no outbound.
   */
  readonly outbound?: OutboundIdentity;
}
