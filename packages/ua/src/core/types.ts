// The public shapes of the UA core (issue #7): one pure reducer `step(config)(store, state,
// event) → [state, effects]` that composes the transaction layer, INVITE sessions, the
// registration client, MESSAGE/OPTIONS and digest retry. The shell (@puresip/node, or a test
// harness) owns the registry of live entries: the step reads it through `UaStore` and says what
// to put or forget, with the deadline at which to send `Tick { key }` (the transaction layer's
// pattern), so one event never copies the registry. The UA's own state is only its entropy.
//
// Entropy: a seed in `UaState` (four 32-bit words, xoshiro128**) advanced purely by every
// identifier the step mints (branches, tags, Call-IDs, cnonces, session seeds). The shell seeds
// it once from a CSPRNG (`initialState(seedWords)`); tests use constants. Two UAs with
// different seeds mint different identifiers.
import type * as O from "fp-ts/lib/Option.js";
import type { Secret } from "@puresip/auth";
import type { Effect, Event, Registry, Seed as KernelSeed } from "@puresip/kernel";
import type { DigestChallenge, HeaderField, Method, NameAddr, Replaces, SipRequest, SipResponse, Uri } from "@puresip/message";
import type { Body, InviteSession } from "@puresip/dialog";
import type { SessionDescription } from "@puresip/sdp";
import type { Peer, Transaction, TransactionKey } from "@puresip/transaction";
import type { RegistrationState } from "../usages/registration/state.js";
import type { NotifierState, SubscriberState } from "../usages/subscription/types.js";
import type { Credential, UaConfig } from "./config.js";
import type { AppEvent } from "./app-events.js";

export type { Peer } from "@puresip/transaction";
export type { Body } from "@puresip/dialog";
// The configuration and the application's events have files of their own; this stays the one place to import the contract from.
export type { Credential, UaConfig } from "./config.js";
export type { AppEvent } from "./app-events.js";

// ---------------------------------------------------------------- the UA's own state

/** xoshiro128** state, the kernel's one generator (`@puresip/kernel` entropy). */
export type Seed = KernelSeed;

export interface UaState {
  readonly seed: Seed;
  /**
   * Set by `Shutdown`: the UA is closing, so a new request outside a dialog gets 503
   * (§21.5.4) while the dialogs it has run to their end. Absent: open.
   */
  readonly closing?: true;
}

// ---------------------------------------------------------------- the shell's registry

/** Where a usage lives in the store; also the handle the application uses for it. */
export type UsageKey = string & { readonly UsageKey: unique symbol };

/**
 * Who sent a client request, so its response, timeout or challenge reaches the right place.
 * - `Usage`: a call or registration in the store.
 * - `Standalone`: a MESSAGE or OPTIONS outside any usage; `ref` is what the application holds.
 */
export type Owner =
  | { readonly _tag: "Usage"; readonly key: UsageKey }
  | { readonly _tag: "Standalone"; readonly ref: string; readonly method: "MESSAGE" | "OPTIONS" };

/** A challenge this request answered (§22.2): seen again without `stale=true`, it fails. */
export interface Answered {
  readonly proxy: boolean;
  readonly challenge: DigestChallenge;
  readonly nc: number;
}

/**
 * The context of one client request (§8.1.3): kept until its final response, so a 401/407 on
 * any request can be retried with a new CSeq and credentials (§22.2), and a timeout or a
 * response finds its owner. `destination` is none while RFC 3263 resolution is pending.
 */
export interface ClientRequest {
  readonly request: SipRequest;
  readonly owner: Owner;
  readonly answered: ReadonlyArray<Answered>;
  readonly destination: O.Option<Peer>;
  /** Credentials the application gave for this request (`ProvideCredentials`), tried before the table. */
  readonly provided?: ReadonlyArray<Credential>;
  /**
   * When the UA stops waiting for this request (64*T1 after it was set): set while RFC 3263
   * resolution is pending (its owner then hears a timeout, §8.1.3.1), and on an INVITE once it
   * is cancelled, §9.1: "If there is no final response for the original request in 64*T1
   * seconds ... the client SHOULD then consider the original transaction cancelled and SHOULD
   * destroy the client transaction handling the original request."
   */
  readonly giveUpAt?: number;
  /**
   * RFC 3263 §4.3: the targets resolution gave after `destination`, in order. A 503, a
   * transport failure, or a timeout with no response at all sends the request again, as a new
   * transaction, to the first of them.
   */
  readonly alternatives?: ReadonlyArray<Peer>;
  /** A provisional response came: a timeout after it is no failover (RFC 3263 §4.3). */
  readonly heard?: true;
  /** RFC 3581 §3: when an INVITE over UDP is sent again to keep a NAT's binding (uac/invite-refresh.ts). */
  readonly refreshAt?: number;
  /** §8.1.3.4, with `UaConfig.followRedirects`: the Contacts of the 3xx responses still to try. */
  readonly redirects?: Redirects;
  /** `answered` went unasked, from the call's cache (§22.3): a challenge to them is a first one. */
  readonly cached?: true;
}

/** §8.1.3.4: the targets a redirected request has left to try (printed URIs, q order) and how many 3xx it followed. */
export interface Redirects {
  readonly targets: ReadonlyArray<string>;
  readonly hops: number;
}

/**
 * §22.2: "UAs SHOULD cache the credentials for a given value of the To header field and
 * 'realm' and attempt to re-use these values on the next request for that destination"; §22.3:
 * "it should incorporate credentials for that realm in all subsequent requests that contain the
 * same Call-ID". The answers that got a call's challenged request through, the cnonce they
 * used, and the credentials the application gave for them; kept in the call (one Call-ID), so
 * they are never used across dialogs.
 */
export interface DigestCache {
  readonly answers: ReadonlyArray<Answered>;
  readonly cnonce: string;
  readonly provided?: ReadonlyArray<Credential>;
}

/** The SDP of a call as the UA negotiated it (present only with `UaConfig.media`). */
export interface CallMedia {
  /** Our last session description sent, and the peer's last one received. */
  readonly local: O.Option<SessionDescription>;
  readonly remote: O.Option<SessionDescription>;
}

/**
 * A dialog usage (RFC 5057) in the store. `Call` is the INVITE usage, `Registration` the §10.2
 * client. See core/README-usages.md for how a subscription/REFER usage plugs in.
 */
export type Usage =
  /**
   * `expiresAt`: the INVITE's Expires as a deadline for its final response: §13.3.1 for an
   * incoming INVITE (487 then), §13.2.1 for ours (CANCEL then); `unansweredAt`:
   * `UaConfig.answerTimeout` after an incoming INVITE came (480 then); `provisionalAgainAt`:
   * when the last provisional to an incoming INVITE still unanswered goes out again (§13.3.1.1).
   */
  | {
      readonly _tag: "Call";
      readonly session: InviteSession;
      readonly media: CallMedia;
      readonly expiresAt?: number;
      readonly unansweredAt?: number;
      readonly provisionalAgainAt?: number;
      /** RFC 3891 §3: the call this incoming INVITE with Replaces replaces, ended once this one is confirmed. */
      readonly replaces?: UsageKey;
      /** The option-tags the peer listed in Supported in the dialog-creating INVITE or 2xx (RFC 4488 §4 reads norefersub there). */
      readonly peerSupports?: ReadonlyArray<string>;
      /** §22.2, §22.3: the digest answers later requests in this call carry unasked. */
      readonly digest?: DigestCache;
    }
  | { readonly _tag: "Registration"; readonly id: string; readonly registration: RegistrationState }
  /** RFC 6665 §4.1 subscriber; `refer`: the implicit subscription of our REFER (RFC 3515), see usages/subscription/usage.ts. */
  | { readonly _tag: "Subscriber"; readonly refer: boolean; readonly state: SubscriberState }
  /** RFC 6665 §4.2 notifier; `refer`: the subscription a REFER we received created (RFC 3515). */
  | { readonly _tag: "Notifier"; readonly refer: boolean; readonly state: NotifierState };

/**
 * The registry entry of one dialog (§12): the state that is one per dialog whichever usage
 * sends or receives, and the usages that share it (RFC 5057 §5).
 */
export interface DialogEntry {
  readonly _tag: "Dialog";
  /** The highest local CSeq any usage of the dialog has used (§12.2.1.1); 0 before the first. */
  readonly localSeq: number;
  /** The highest CSeq any usage of the dialog received from the peer (§12.2.2); absent while empty. */
  readonly remoteSeq?: number;
  /** Where every usage's next request goes (§12.2.1.1), as the last target refresh of any usage left it (RFC 5057 §5.4). */
  readonly remoteTarget: Uri;
  /** The route set, in the order the UA uses it (§12.1.1, §12.1.2; recomputed at §13.2.2.4's confirmation). */
  readonly routeSet: ReadonlyArray<NameAddr>;
  /** The usages in the dialog (RFC 5057 §5), in the order they joined; never empty. */
  readonly usages: ReadonlyArray<UsageKey>;
}

/**
 * One entry of the registry. Keys are strings: a transaction's key (`TransactionKey`), a
 * usage's `UsageKey`, or `ClientRequest` keys; each kind has its own prefix, so they never clash.
 * A transaction is filed as @puresip/transaction's `Transaction` itself (its `_tag` names its
 * kind: `isTransactionEntry`), without a wrapper: over UDP two of them outlive every call by 64*T1.
 */
export type StoreEntry =
  | Transaction
  | { readonly _tag: "Usage"; readonly usage: Usage }
  | { readonly _tag: "ClientRequest"; readonly context: ClientRequest }
  /**
   * §8.2.2.2: a request outside a dialog seen recently (filed under its From tag, Call-ID and
   * CSeq), with the server transaction it created; the same request by another path gets 482.
   * Also a request in a dialog handed to the application (filed under `answerDueKey`). Forgotten
   * at `until`, its server transaction destroyed if it was never answered (§17.2.2).
   */
  | { readonly _tag: "Recent"; readonly serverKey: TransactionKey; readonly until: number }
  /**
   * §22.2: a 401/407 for a realm the credentials table does not cover, waiting for the
   * application's `ProvideCredentials` or `DeclineCredentials` (`CredentialsNeeded { id }`); at
   * `until` (64*T1) the challenge goes to the request's owner as if declined.
   */
  | { readonly _tag: "Challenged"; readonly context: ClientRequest; readonly response: SipResponse; readonly realm: string; readonly until: number }
  /** A dialog (§12) and the usages in it (RFC 5057 §5), filed under its ID (core/dialogs.ts). */
  | DialogEntry;

/** The registry as the step reads it. A `Map` is one; the step never writes it. */
export type UaStore = Registry<StoreEntry>;

// ---------------------------------------------------------------- events

/** What the application asks of the UA. `call` is the `UsageKey` from `CallCreated`/`IncomingCall`. */
export type UaCommand =
  /**
   * §8.1.1 / §13.2.1: INVITE `to`. The body is the application's (opaque); without one, the UA
   * offers `UaConfig.media` as SDP (none configured: an INVITE without an offer).
   */
  | {
      readonly _tag: "MakeCall";
      readonly to: Uri;
      readonly toName?: string;
      readonly body?: Body;
      readonly headers?: ReadonlyArray<HeaderField>;
      /** The user part of this call's Contact URI (a focus dialling out names its conference, RFC 4579 §5.2); default `UaConfig.contact`'s. */
      readonly contactUser?: string;
      /** RFC 3891 §4: replace this dialog of the target (Call-ID and tags as the target sees them). */
      readonly replaces?: Replaces;
      /** RFC 3892 §2.2: the referrer on whose behalf the call is made (a REFER's Referred-By). */
      readonly referredBy?: NameAddr;
    }
  /** §13.3.1.1: a 180 (or another 1xx, e.g. 183 with early media: the SDP answer goes with it). */
  /** `body`: the application's own early-media SDP (an opaque UA, e.g. a B2BUA relaying the far side's 183), sent as is. */
  | { readonly _tag: "Ring"; readonly call: UsageKey; readonly status?: number; readonly earlyMedia?: boolean; readonly body?: Body }
  /** §13.3.1.4: 200; without a body the UA answers the offer from `UaConfig.media`. */
  | { readonly _tag: "Answer"; readonly call: UsageKey; readonly body?: Body }
  /**
   * §13.3.1.3: a final failure (486, 603, ...), or §13.3.1.2 a redirection (3xx, which needs
   * `contacts`: "one or more URIs of new addresses to be tried"). `reason`: the reason phrase,
   * when the application says more than the status's own (§21.4.18: "a more precise cause as
   * to why the callee is unavailable ... settable by the UA").
   */
  | { readonly _tag: "Reject"; readonly call: UsageKey; readonly status: number; readonly reason?: string; readonly contacts?: ReadonlyArray<Uri> }
  /** §9.1 before the 2xx (sent after the first provisional), §15.1.1 BYE after it. */
  | { readonly _tag: "Hangup"; readonly call: UsageKey }
  | { readonly _tag: "Cancel"; readonly call: UsageKey }
  /** §14.1 re-INVITE (RFC 3311 UPDATE with `via: "UPDATE"`) with a new offer: the body, or a re-offer of our SDP. */
  /**
   * `offerless`: a re-INVITE without an offer (§14.1, RFC 3725 §7 Figure 7 (6)): the peer offers
   * in its 2xx, told by `AnswerNeeded`, and `Answer { body }` gives the answer for the ACK.
   */
  | { readonly _tag: "Reoffer"; readonly call: UsageKey; readonly via?: "INVITE" | "UPDATE"; readonly body?: Body; readonly offerless?: boolean }
  /** RFC 3264 §8.4 hold (our streams sendonly) and resume (sendrecv), by re-INVITE or (`via: "UPDATE"`) UPDATE. */
  | { readonly _tag: "Hold"; readonly call: UsageKey; readonly via?: "INVITE" | "UPDATE" }
  | { readonly _tag: "Resume"; readonly call: UsageKey; readonly via?: "INVITE" | "UPDATE" }
  /**
   * §12.2.1.1: send `method` (INFO, RFC 6086; not one of the INVITE session's own methods) in the
   * call's confirmed dialog; its final response comes as `InDialogDone`.
   */
  | { readonly _tag: "SendInDialog"; readonly call: UsageKey; readonly method: Method; readonly body?: Body; readonly headers?: ReadonlyArray<HeaderField> }
  /** Answer an in-dialog request the application was given (`InDialogRequest`, re-INVITE/UPDATE with an opaque offer). */
  | { readonly _tag: "RespondTo"; readonly call: UsageKey; readonly request: SipRequest; readonly status: number; readonly body?: Body }
  /**
   * §10.2: register `id` (an AOR name the application picks) at `registrar`; without one, at the
   * host part of the address-of-record (§10.2.6: "If there is no configured registrar address,
   * the UA SHOULD use the host part of the address-of-record as the Request-URI").
   */
  | { readonly _tag: "Register"; readonly id: string; readonly registrar?: Uri; readonly expires?: number }
  /** §10.2.2: remove our binding, or with `all` every binding of the AOR (`Contact: *`, `Expires: 0`). */
  | { readonly _tag: "Unregister"; readonly id: string; readonly all?: boolean }
  /** §10.2.3: ask the registrar for the bindings of registration `id` (`Bindings` follows). */
  | { readonly _tag: "FetchBindings"; readonly id: string }
  /** RFC 3428: a MESSAGE to `to`; `ref` comes back on `MessageResult`. */
  | { readonly _tag: "SendMessage"; readonly ref: string; readonly to: Uri; readonly body: Body }
  /** §22.2: credentials for the challenge of `CredentialsNeeded { id }`; the request goes again with them. */
  | { readonly _tag: "ProvideCredentials"; readonly id: string; readonly username: string; readonly secret: Secret }
  /** No credentials for `CredentialsNeeded { id }`: the 401/407 stands and reaches the request's owner. */
  | { readonly _tag: "DeclineCredentials"; readonly id: string }
  /** §11.1: OPTIONS to `to`; `ref` comes back on `OptionsResult`. */
  | { readonly _tag: "Options"; readonly ref: string; readonly to: Uri }
  /**
   * Answer an `IncomingRequest` (a REGISTER at a registrar, a PUBLISH, ...): `response` is
   * built by the application from the request (e.g. `processRegister`'s), with the To tag it
   * was given. Sent through the server transaction `key` (§17.2).
   */
  | { readonly _tag: "Respond"; readonly key: TransactionKey; readonly response: SipResponse }
  /** RFC 6665 §4.1.2.1: SUBSCRIBE `to` for `event` (refreshed until `Unsubscribe`); the key comes on `SubscriptionCreated`. */
  | { readonly _tag: "Subscribe"; readonly to: Uri; readonly event: string; readonly expires?: number }
  /** RFC 6665 §4.1.2.3: SUBSCRIBE with Expires: 0. */
  | { readonly _tag: "Unsubscribe"; readonly subscription: UsageKey }
  /**
   * RFC 6665 §4.1.2.2: refresh the subscription now (and get a NOTIFY with the full state,
   * §4.2.1.2), e.g. after an event package's version gap (RFC 4575 §4.6).
   */
  | { readonly _tag: "RefreshSubscription"; readonly subscription: UsageKey; readonly expires?: number }
  /** RFC 3515 §2.4.1: REFER the peer of the established `call` to `referTo` (a blind transfer); progress comes as `Subscription` notices. */
  | {
      readonly _tag: "Refer";
      readonly call: UsageKey;
      readonly referTo: Uri;
      /**
       * RFC 5589 §7 attended transfer: the consultation call with the transfer target, whose
       * dialog the target is to replace: the Refer-To carries its Replaces (RFC 3891 §6.1) and
       * the REFER a Referred-By (RFC 3892 §3).
       */
      readonly replaces?: UsageKey;
    }
  /**
   * RFC 3515 §2.4.1 outside any dialog: REFER `to` (e.g. a conference URI, RFC 4579 §5.5, §5.11)
   * to `referTo`; the key comes on `SubscriptionCreated`, progress as `Subscription` notices.
   */
  | { readonly _tag: "ReferOutOfDialog"; readonly to: Uri; readonly referTo: Uri }
  /** RFC 6665 §4.2.1.1 / RFC 3515 §2.4.2: accept an incoming SUBSCRIBE (200 + NOTIFY with `body`) or REFER (202 + NOTIFY "100 Trying"). */
  | { readonly _tag: "AcceptSubscription"; readonly subscription: UsageKey; readonly state?: "Active" | "Pending"; readonly body?: Body }
  | { readonly _tag: "RejectSubscription"; readonly subscription: UsageKey; readonly status: number }
  /** RFC 6665 §4.2.2: the resource state changed: NOTIFY. */
  | { readonly _tag: "UpdateSubscription"; readonly subscription: UsageKey; readonly state?: "Active" | "Pending"; readonly body?: Body }
  | { readonly _tag: "TerminateSubscription"; readonly subscription: UsageKey; readonly reason: string; readonly retryAfter?: number }
  /** RFC 3515 §2.4.5: the status of the request a REFER triggered; a final one ends the subscription. */
  | { readonly _tag: "TransferProgress"; readonly subscription: UsageKey; readonly status: number; readonly reason?: string }
  /**
   * Graceful close: every call hung up as `Hangup` does (CANCEL before the 2xx, BYE after),
   * every registration removed as `Unregister` does (unless `unregister` is false), and from
   * now on a new request outside a dialog answered 503 (§21.5.4); dialogs and client
   * requests already under way go on to their end.
   */
  | { readonly _tag: "Shutdown"; readonly unregister?: boolean };

/**
 * What enters the step: the kernel's event vocabulary (`Received`, `Tick { key }`,
 * `Resolved { id }`, `TransportError { key }`) with the UA's commands.
 */
export type UaEvent = Event<UaCommand>;

/**
 * What the step asks for, in order: the kernel's effect vocabulary over the UA's entries and
 * application events. `Put`/`Forget` come first, so the registry is up to date before anything
 * is transmitted or delivered. A response's `destination` is where its request came from; a
 * shell with connections applies §18.2.2 (`responseDestination`).
 */
export type UaEffect = Effect<StoreEntry, AppEvent>;

export type UaStep = readonly [state: UaState, effects: ReadonlyArray<UaEffect>];

/** The reducer: `step(config)(store, state, event)`; see core/step.ts. */
export type UaReducer = (config: UaConfig) => (store: UaStore, state: UaState, event: UaEvent) => UaStep;

/** The only ways the step reads its inputs; kept here so the shell can type its registry. */
export type { SipRequest, SipResponse, Transaction, TransactionKey };
