// The INVITE session (RFC 3261 §13–15) as a reducer per ../../shared/DESIGN.md: states, events
// and effects are plain data on `_tag`; time comes on every event as `now`; deadlines live in
// the state; randomness comes from a seed in the state. The session talks to the transaction
// layer only through effects, naming the request a response answers, so it needs nothing of
// the transaction package.
import type { Seed } from "@puresip/kernel";
import type { HeaderField, Method, NameAddr, SipRequest, SipResponse, Tag, Via } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import type { OfferAnswerState } from "../offer-answer.js";
import type { ReliableUas } from "../reliable-provisional.js";
import type { SessionTimer, TimerPolicy } from "../session-timer.js";

/** The timer values a session uses (T1, T2 of RFC 3261 §17) and whether its transport is reliable or TLS. */
export interface SessionConfig {
  /** §17.1.1.1 T1 and T2 in ms: the 2xx retransmission schedule of §13.3.1.4 and the 64*T1 limits. */
  readonly t1: number;
  readonly t2: number;
  /** On a reliable transport the UAS core need not retransmit its 2xx (§13.3.1.4 applies to loss). */
  readonly reliable: boolean;
  /** Whether the dialog runs over TLS (the secure flag, §12.1.1/§12.1.2). */
  readonly overTls: boolean;
  /** RFC 4028: the UAS's session timer policy; absent, the UAS grants no timer of its own. */
  readonly sessionTimer?: TimerPolicy;
  /** RFC 3262: the UAS sends its 101–199 reliably when the UAC supports 100rel (always when it requires it). */
  readonly reliableProvisionals?: boolean;
}

/** A session description or any other body, opaque here: its type and bytes. */
export interface Body {
  readonly type: string;
  readonly content: Uint8Array;
}

/** The UAS core retransmitting a 2xx until the ACK comes (§13.3.1.4). */
export interface AwaitingAck {
  readonly _tag: "AwaitingAck";
  readonly request: SipRequest;
  readonly ok: SipResponse;
  readonly retransmitAt: number;
  readonly interval: number;
  readonly giveUpAt: number;
  /** The 2xx answered the initial INVITE: its ACK establishes the session for the application. */
  readonly initial: boolean;
}

/**
 * The INVITE transaction in progress inside an established dialog, if any (§14: "a UAC MUST
 * NOT initiate a re-INVITE while another INVITE transaction is in progress in either direction").
 */
export type Pending =
  | { readonly _tag: "None" }
  /** Our re-INVITE waits for its final response. */
  | { readonly _tag: "Sending"; readonly request: SipRequest }
  /** §14.1: our re-INVITE got 491; it goes again at `at`. */
  | { readonly _tag: "RetryAt"; readonly at: number; readonly body: Body | null }
  /** The peer's re-INVITE waits for the application's answer. */
  | { readonly _tag: "Receiving"; readonly request: SipRequest }
  /**
   * §13.2.1: the 2xx to an INVITE without an offer carried the offer; the answer goes in the
   * ACK, which waits for the application's `Respond` with the answer body.
   */
  | {
      readonly _tag: "AckOwed";
      readonly seq: number;
      /** §13.2.2.4: the Authorization and Proxy-Authorization of the INVITE, which the ACK repeats. */
      readonly credentials?: ReadonlyArray<HeaderField>;
    }
  | AwaitingAck;

interface Common {
  readonly role: "UAC" | "UAS";
  readonly config: SessionConfig;
  /** The initial INVITE (sent by the UAC, received by the UAS). */
  readonly invite: SipRequest;
  readonly localContact: NameAddr;
  /** sent-by for this UA's requests; each request gets a fresh branch from `seed`. */
  readonly localVia: Via;
  readonly seed: Seed;
  readonly offerAnswer: OfferAnswerState;
}

/** UAC: the INVITE is out, no final response yet. One early dialog per remote tag (forking, §13.2.2.4). */
export interface Calling extends Common {
  readonly _tag: "Calling";
  readonly provisional: boolean;
  /** §9.1: a CANCEL waits for a provisional response; once sent, give up 64*T1 later. */
  readonly cancel: { readonly _tag: "No" } | { readonly _tag: "Wanted" } | { readonly _tag: "Sent"; readonly giveUpAt: number };
  readonly early: ReadonlyArray<Dialog>;
  /** RFC 3262 §4: the RSeq of the last in-order reliable 1xx, per remote tag. */
  readonly rseqs: ReadonlyArray<{ readonly tag: Tag; readonly rseq: number }>;
  /** RFC 3262 §5: a reliable 1xx whose offer the application must answer in the PRACK (`Respond` with the body). */
  readonly prackOwed: SipResponse | null;
  /**
   * RFC 3262 §5: an offer for the PRACK of the next reliable 1xx that finds no offer/answer
   * exchange pending (`UacStart.prackOffer`); the 200 to that PRACK carries the answer. Null
   * once sent.
   */
  readonly prackOffer: Body | null;
}

/** UAS: the INVITE arrived, no final response yet. */
export interface Incoming extends Common {
  readonly _tag: "Incoming";
  /** §8.2.6.2 / §19.3: the UAS's To tag, minted by the adapter. */
  readonly toTag: Tag;
  readonly early: Dialog | null;
  /** RFC 3262 §3: the reliable provisional machinery, when 1xx go reliably for this INVITE. */
  readonly reliable: ReliableUas | null;
}

/** A confirmed dialog with its INVITE usage (both roles). */
export interface Established extends Common {
  readonly _tag: "Established";
  readonly dialog: Dialog;
  /** §13.2.2.4: the last ACK sent for a 2xx, sent again on each retransmission of that 2xx. */
  readonly lastAck: SipRequest | null;
  readonly pending: Pending;
  /** §15: "the callee's UA MUST NOT send a BYE on a confirmed dialog until it has received an ACK for its 2xx". */
  readonly hangupWanted: boolean;
  /** RFC 3311: our UPDATE waiting for its final response (at most one: its offer must be answered first). */
  readonly update: { readonly _tag: "None" } | { readonly _tag: "Sending"; readonly request: SipRequest };
  /** RFC 4028: the running session timer, if one was negotiated. */
  readonly timer: SessionTimer | null;
  /**
   * RFC 3311 §4 / RFC 4028 §7.4: the peer listed UPDATE in the last Allow it sent (the
   * INVITE, the 2xx, or a later request or 2xx in the dialog), so a refresh may use UPDATE.
   */
  readonly peerAllowsUpdate: boolean;
}

/** BYE sent (§15.1.1); ends on its response or timeout. */
export interface Terminating extends Common {
  readonly _tag: "Terminating";
  readonly dialog: Dialog;
  readonly bye: SipRequest;
  readonly lastAck: SipRequest | null;
  readonly giveUpAt: number;
}

/** Why an INVITE session ended: a BYE from either side, a rejection, a CANCEL, no ACK for the 2xx (§13.3.1.4), a timeout, or a dialog the peer no longer knows (§12.2.1.2). */
export type EndReason =
  | "LocalBye"
  | "RemoteBye"
  | "Rejected"
  | "Cancelled"
  /** §13.3.1.4: no ACK for the 2xx within 64*T1; a BYE was sent. */
  | "NoAck"
  | "Timeout"
  /** §12.2.1.2: 481 or 408 to an in-dialog request; RFC 5057 §5.1: a failure that destroys the dialog (`DialogTerminated`). */
  | "DialogGone";

export interface Ended {
  readonly _tag: "Ended";
  readonly reason: EndReason;
}

/** The state of one INVITE session (RFC 3261 §13–15): calling, incoming, established, terminating or ended. */
export type InviteSession = Calling | Incoming | Established | Terminating | Ended;

/** What the application hears. */
export type SessionNotice =
  | { readonly _tag: "Provisional"; readonly response: SipResponse }
  /** UAC: the 2xx (or a reliable 1xx) carried an offer, the INVITE had none: `Respond` with the answer for the ACK (or PRACK). */
  | { readonly _tag: "AnswerNeeded"; readonly response: SipResponse }
  /** UAC: the 2xx arrived; UAS: the ACK arrived. */
  | { readonly _tag: "Established"; readonly dialog: Dialog }
  | { readonly _tag: "Failed"; readonly status: number }
  | { readonly _tag: "IncomingReinvite"; readonly request: SipRequest }
  | { readonly _tag: "ReinviteDone"; readonly status: number }
  /**
   * UAS of a re-INVITE: the ACK for our 2xx came (§13.3.1.4). When our 2xx offered (the
   * re-INVITE had none, §14.2), the ACK carries the answer (§13.2.1).
   */
  | { readonly _tag: "ReinviteAcked"; readonly request: SipRequest }
  /** Any other request in the dialog (INFO, OPTIONS, ...): answer it with `RespondTo`. */
  | { readonly _tag: "InDialogRequest"; readonly request: SipRequest }
  /** RFC 3311: an UPDATE with an offer; answer it with `RespondTo` and the answer body. */
  | { readonly _tag: "IncomingUpdate"; readonly request: SipRequest }
  | { readonly _tag: "UpdateDone"; readonly status: number }
  /**
   * RFC 3262 §5, UAS: a PRACK with a new offer acknowledged our reliable 1xx; answer it with
   * `RespondTo` (200 and the answer body, or e.g. 488 to refuse the offer).
   */
  | { readonly _tag: "IncomingPrack"; readonly request: SipRequest }
  /**
   * RFC 3262 §5, UAC: the final response to our PRACK that carried an offer; a 2xx `response`
   * carries the answer. `response` is null when the PRACK timed out (status 408).
   */
  | { readonly _tag: "PrackDone"; readonly status: number; readonly response: SipResponse | null }
  /** RFC 4028 §10: no refresh before the session expiration; a BYE follows. */
  | { readonly _tag: "SessionExpired" }
  /** `status`: the failure response that destroyed the dialog, when that ended it (`DialogTerminated`, RFC 5057 §5.1). */
  | { readonly _tag: "Ended"; readonly reason: EndReason; readonly status?: number }
  /** A peer broke a rule the session can survive (an answer missing, a stray body); said for logs. */
  | { readonly _tag: "ProtocolError"; readonly reason: string };

/** What a session step asks its host to do: send a request or a response, tell the application, forget the session, or note an event it could not use. */
export type SessionEffect =
  /** Through the transaction layer (which just transmits an ACK for a 2xx, §17.1.1.3). */
  | { readonly _tag: "SendRequest"; readonly request: SipRequest }
  /** To the server transaction of `request`. */
  | { readonly _tag: "SendResponse"; readonly request: SipRequest; readonly response: SipResponse }
  | { readonly _tag: "Notify"; readonly notice: SessionNotice }
  /** The session is over: the shell drops it from its registry. */
  | { readonly _tag: "Forget" }
  /** The event could not be used in this state; nothing changed. */
  | { readonly _tag: "Discarded"; readonly reason: string };

/** What the application may add to a final response it gives: its reason phrase and header fields. */
export interface ResponseDetails {
  readonly reason?: string;
  readonly headers?: ReadonlyArray<HeaderField>;
}

/** What a session reacts to: a request or response from the transaction layer, a transaction timeout, a deadline, or a command of the application. */
export type SessionEvent =
  /** A request or response for this session from the transaction layer (ACK and CANCEL included). */
  | { readonly _tag: "Received"; readonly now: number; readonly message: SipRequest | SipResponse }
  /** A client transaction of this session timed out or failed to send (counts as 408, §8.1.3.1). */
  | { readonly _tag: "Timeout"; readonly now: number; readonly method: Method }
  | { readonly _tag: "Tick"; readonly now: number }
  /**
   * UAS: answer the initial INVITE or the pending re-INVITE. For the initial INVITE, `reason`
   * and `headers` go into the response as given (§21.4.18: a reason phrase "settable by the
   * UA"; §13.3.1.2: a 3xx's Contacts).
   */
  | ({ readonly _tag: "Respond"; readonly now: number; readonly status: number; readonly body?: Body } & ResponseDetails)
  /** Answer another in-dialog request the application was given. */
  | { readonly _tag: "RespondTo"; readonly now: number; readonly request: SipRequest; readonly status: number; readonly body?: Body }
  | { readonly _tag: "Cancel"; readonly now: number }
  | { readonly _tag: "Hangup"; readonly now: number }
  | { readonly _tag: "Reinvite"; readonly now: number; readonly body?: Body }
  /** RFC 3311: an UPDATE in the confirmed dialog, with an offer when `body` is given. */
  | { readonly _tag: "Update"; readonly now: number; readonly body?: Body }
  /**
   * RFC 5057 §5.1: a failure response to a request of another usage of this dialog "destroys
   * the dialog and all usages sharing it" (404, 410, 416, 482–485, 502, 604: "Future requests
   * using this dialog state will also fail"). The session ends at once, sending nothing in the
   * dialog (no BYE); a re-INVITE of the peer still waiting for its answer gets 481.
   */
  | { readonly _tag: "DialogTerminated"; readonly now: number; readonly status: number };

/** A session reducer's result: the next state and the effects to run. */
export type SessionStep = readonly [InviteSession, ReadonlyArray<SessionEffect>];
