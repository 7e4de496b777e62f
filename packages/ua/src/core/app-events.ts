// What the UA tells its owner (`Deliver` effects): calls, registrations, subscriptions, problems.
// Split from ./types.ts, which re-exports it with the rest of the public contract.
import type * as O from "fp-ts/lib/Option.js";
import type { NameAddr, SipRequest, SipResponse, Uri } from "@puresip/message";
import type { Body, EndReason } from "@puresip/dialog";
import type { Negotiation, SessionDescription } from "@puresip/sdp";
import type { Peer, TransactionKey } from "@puresip/transaction";
import type { RefereeNotice } from "../usages/refer/referee.js";
import type { RefererNotice } from "../usages/refer/referer.js";
import type { NotifierNotice } from "../usages/subscription/types.js";
import type { UsageKey } from "./types.js";

// ---------------------------------------------------------------- effects

/** What the application hears. */
export type AppEvent =
  | { readonly _tag: "CallCreated"; readonly call: UsageKey; readonly invite: SipRequest }
  /** `MakeCall` could not make its INVITE (an unusable body, an offer that cannot be built): every `MakeCall` gets this or `CallCreated`, in order. */
  | { readonly _tag: "CallNotMade"; readonly to: Uri; readonly reason: string }
  | {
      readonly _tag: "IncomingCall";
      readonly call: UsageKey;
      readonly invite: SipRequest;
      readonly offer: O.Option<SessionDescription>;
      /** RFC 3891 §3: the INVITE replaces this call, which the UA ends once the new one is confirmed. */
      readonly replaces?: UsageKey;
      /**
       * RFC 3261 §26.4.4: the To is a SIPS URI but the Request-URI arrived as SIP, so its scheme
       * may have been lowered in transit: the application should warn its user.
       */
      readonly schemeDowngraded?: true;
    }
  /** A 1xx; each remote tag is one fork (§13.2.2.1), so forked early dialogs are told apart. */
  | { readonly _tag: "CallProgress"; readonly call: UsageKey; readonly status: number; readonly remoteTag: O.Option<string>; readonly response: SipResponse }
  /**
   * UAC: the 2xx came (`remoteTag` names the fork that answered); UAS: the ACK came. `body`:
   * what that 2xx or ACK carried (§13.2.1: the answer, or the offer of an offerless INVITE's
   * 2xx; the ACK's answer to our offer in a 2xx), for an application whose bodies are opaque.
   */
  | { readonly _tag: "CallEstablished"; readonly call: UsageKey; readonly remoteTag: O.Option<string>; readonly body?: Body }
  /** An offer/answer exchange completed: what both sides agreed (RFC 3264 §6, §7). */
  | { readonly _tag: "CallMedia"; readonly call: UsageKey; readonly negotiation: Negotiation; readonly local: SessionDescription; readonly remote: SessionDescription }
  | { readonly _tag: "CallFailed"; readonly call: UsageKey; readonly status: number }
  /**
   * §15.1.1: our BYE was passed to its client transaction, so the session is over: stop sending
   * and listening for media now. `CallEnded { reason: "LocalBye" }` follows when the BYE's
   * transaction ends (its final response, or a timeout).
   */
  | { readonly _tag: "SessionTerminated"; readonly call: UsageKey }
  /** `status`: the failure response that destroyed the call's dialog, when that ended it (RFC 5057 §5.1; `reason` DialogGone). */
  | { readonly _tag: "CallEnded"; readonly call: UsageKey; readonly reason: EndReason; readonly status?: number }
  /** A request in the dialog for the application (re-INVITE or UPDATE with an opaque offer, INFO, ...): `RespondTo` it. */
  | { readonly _tag: "InDialogRequest"; readonly call: UsageKey; readonly request: SipRequest }
  /** The final response to our `SendInDialog` request (408: none came, §8.1.3.1), with its body. */
  | { readonly _tag: "InDialogDone"; readonly call: UsageKey; readonly method: string; readonly status: number; readonly body?: Body }
  /**
   * The ACK for our 2xx to a re-INVITE came (§13.3.1.4); `body`: what it carried (§14.2 with
   * §13.2.1: the answer when our 2xx offered, the re-INVITE having none). Delivered only
   * without `UaConfig.media`, for an application whose bodies are opaque (a B2BUA relaying an
   * offerless re-INVITE); with `media` the UA core takes the answer itself.
   */
  | { readonly _tag: "ReinviteAcked"; readonly call: UsageKey; readonly body?: Body }
  /** Our re-INVITE or UPDATE got its final response; `body`: what it carried (§14.1: the answer to our offer). */
  | { readonly _tag: "ReofferDone"; readonly call: UsageKey; readonly status: number; readonly body?: Body }
  /**
   * §13.2.1 / RFC 3262 §5: a 2xx (or reliable 1xx) carried an offer the UA cannot answer itself
   * (no `media`): `Answer { call, body }` gives the answer, sent in the ACK (or PRACK).
   */
  | { readonly _tag: "AnswerNeeded"; readonly call: UsageKey; readonly response: SipResponse }
  | { readonly _tag: "Registered"; readonly id: string; readonly expires: number; readonly contacts: ReadonlyArray<NameAddr> }
  | { readonly _tag: "Unregistered"; readonly id: string }
  | { readonly _tag: "RegistrationFailed"; readonly id: string; readonly status: number; readonly reason: string }
  /** §10.2.3: the bindings the registrar listed for `FetchBindings`. */
  | { readonly _tag: "Bindings"; readonly id: string; readonly contacts: ReadonlyArray<NameAddr> }
  | { readonly _tag: "MessageReceived"; readonly request: SipRequest; readonly from: Uri; readonly body: Body }
  | { readonly _tag: "MessageResult"; readonly ref: string; readonly status: number }
  | { readonly _tag: "OptionsResult"; readonly ref: string; readonly status: number; readonly response: O.Option<SipResponse> }
  /** A request outside any usage that the UA answered itself, and how (§8.2). */
  | { readonly _tag: "Rejected"; readonly request: SipRequest; readonly status: number }
  /**
   * §22.2: a request was challenged for `realm` and the credentials table has no entry for it:
   * answer with `ProvideCredentials { id }` (asked once per challenge; a stale=true challenge is
   * answered again without asking) or `DeclineCredentials { id }`.
   */
  | { readonly _tag: "CredentialsNeeded"; readonly id: string; readonly realm: string; readonly request: SipRequest }
  /** Something the UA dropped or could not do; said for logs. */
  | { readonly _tag: "Problem"; readonly reason: string }
  /**
   * §8.2: a request outside any dialog that passed the UAS checks, whose method the UA lists in
   * its capabilities but has no usage for (REGISTER at a registrar, PUBLISH, an extension
   * method): the application answers it with `Respond { key }`, using `toTag` (§8.2.6.2).
   */
  | { readonly _tag: "IncomingRequest"; readonly key: TransactionKey; readonly request: SipRequest; readonly source: Peer; readonly toTag: string }
  /** Our SUBSCRIBE or REFER went out: `subscription` names its usage. */
  | { readonly _tag: "SubscriptionCreated"; readonly subscription: UsageKey; readonly request: SipRequest }
  /**
   * What a subscription usage says (usages/subscription, usages/refer): `Incoming` (a SUBSCRIBE: accept
   * or reject it) or `Refer` (a REFER: accept, make the call, report `TransferProgress`),
   * `Accepted`, `Notification`, `Progress` (a REFER's sipfrag), `Refreshed`, `Delivered`, `Ended`.
   */
  | { readonly _tag: "Subscription"; readonly subscription: UsageKey; readonly notice: RefererNotice | NotifierNotice | RefereeNotice };
