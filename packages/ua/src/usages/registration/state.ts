// The registration client's data (RFC 3261 §10.2): its configuration, states, events and
// effects, and io-ts codecs so a client can be stored and restored between events.
import { NameAddrFromString, UriFromString, ViaFromString, callId, tag } from "@puresip/message";
import type { BrandError, CallId, DigestChallenge, NameAddr, SipRequest, SipResponse, Tag, Uri, Via } from "@puresip/message";
import { DigestChallengeCodec } from "@puresip/auth";
import type { Secret } from "@puresip/auth";
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";

/** What the client registers, and as whom. Identifiers come from the adapter's CSPRNG. */
export interface RegistrationConfig {
  /** §10.2: "Request-URI: names the domain of the location service" (the registrar). */
  readonly registrar: Uri;
  /** §10.2: To and From carry the address-of-record (From gets `fromTag`). */
  readonly aor: NameAddr;
  /** Our binding: the Contact we register. */
  readonly contact: NameAddr;
  /** §10.2: "a UA SHOULD use the same Call-ID for all registrations during a single boot cycle". */
  readonly callId: CallId;
  readonly fromTag: Tag;
  /** The top Via without a branch; each REGISTER gets `z9hG4bK<branchSeed>.<CSeq>` (§8.1.1.7). */
  readonly via: Via;
  /** A token unique to this client (random), so branches never repeat across clients. */
  readonly branchSeed: string;
  /** The expiration interval to ask for, in seconds, when a Register command names none. */
  readonly expires: number;
  /** §22.2: credentials for 401/407 challenges; none means a challenge fails the registration. */
  readonly credentials?: { readonly username: string; readonly secret: Secret };
}

/** What the outstanding REGISTER asks for. */
export type RegistrationIntent =
  | { readonly _tag: "Bind"; readonly expires: number }
  /** §10.2.2: our contact with expires=0. */
  | { readonly _tag: "Unbind" }
  /** §10.2.2: `Contact: *` with `Expires: 0`. */
  | { readonly _tag: "UnbindAll" }
  /** §10.2.3: no Contact; the 200 lists the bindings. */
  | { readonly _tag: "Fetch" };

/**
 * A challenge the outstanding request answers (§22.2): kept so a repeated one is recognised,
 * and so a later retry (a 401 after a 407, a 423) still carries it, with the nonce count `nc`
 * of its last use.
 */
export interface RegistrationAnswer {
  /** From a 407 (Proxy-Authenticate), else a 401 (WWW-Authenticate). */
  readonly proxy: boolean;
  readonly challenge: DigestChallenge;
  readonly nc: number;
}

/**
 * §22.1: "a UA MAY cache credentials ... and reuse them": the answers that got the last
 * binding, with the cnonce they were computed with. A refresh carries them again, each nonce
 * count advanced (RFC 7616 §3.4.5), so a registrar that still knows the nonce does not
 * challenge every refresh.
 */
export interface RegistrationCache {
  readonly answers: ReadonlyArray<RegistrationAnswer>;
  readonly cnonce: string;
}

/** §10.2.4: a binding the registrar granted. */
export interface RegistrationBinding {
  /** The interval the registrar granted, in seconds. */
  readonly granted: number;
  /** The interval we asked for, asked again on refresh. */
  readonly requested: number;
  /** When to refresh and when the binding ends (ms, the events' clock). */
  readonly refreshAt: number;
  readonly expiresAt: number;
  /** The credentials that got it, sent again unasked with the next REGISTER. */
  readonly cache?: RegistrationCache;
}

export type RegistrationState =
  /** No binding of ours is known to the registrar; `cseq` is the last sequence number used. */
  | { readonly _tag: "Unregistered"; readonly config: RegistrationConfig; readonly cseq: number }
  /** §10.2.4: bound until `expiresAt` (ms); refreshed at `refreshAt`. */
  | ({ readonly _tag: "Registered"; readonly config: RegistrationConfig; readonly cseq: number } & RegistrationBinding)
  /**
   * One REGISTER (CSeq `cseq`) is outstanding; `next` is a command that arrived meanwhile;
   * `bound` is the binding we held when it was sent, which a fetch (§10.2.3) leaves in place.
   */
  | {
      readonly _tag: "Pending";
      readonly config: RegistrationConfig;
      readonly cseq: number;
      readonly intent: RegistrationIntent;
      readonly answers?: ReadonlyArray<RegistrationAnswer>;
      /** The cnonce `answers` were computed with. */
      readonly cnonce?: string;
      /** `answers` came from the cache, unasked: a challenge to them is not a refusal (§22.2). */
      readonly cached?: boolean;
      readonly next?: RegistrationIntent;
      readonly bound?: RegistrationBinding;
    };

export type RegistrationEvent =
  | { readonly _tag: "Register"; readonly now: number; readonly expires?: number }
  | { readonly _tag: "Unregister"; readonly now: number }
  | { readonly _tag: "UnregisterAll"; readonly now: number }
  /** §10.2.3: ask the registrar for the AOR's current bindings. */
  | { readonly _tag: "FetchBindings"; readonly now: number }
  /** The final response to our REGISTER from the transaction layer; `cnonce` is fresh entropy (hex). */
  | { readonly _tag: "Response"; readonly now: number; readonly response: SipResponse; readonly cnonce: string }
  /** §17.1.2.2 Timer F fired, or the transport failed. */
  | { readonly _tag: "Timeout"; readonly now: number }
  | { readonly _tag: "Tick"; readonly now: number };

export type RegistrationNotification =
  | { readonly _tag: "Registered"; readonly expires: number; readonly contacts: ReadonlyArray<NameAddr> }
  | { readonly _tag: "Unregistered" }
  /** §10.2.3: the bindings the registrar listed in answer to a fetch. */
  | { readonly _tag: "Bindings"; readonly contacts: ReadonlyArray<NameAddr> }
  /** `status` is 408 for a timeout; `reason` says why in words. */
  | { readonly _tag: "Failed"; readonly status: number; readonly reason: string };

export type RegistrationEffect =
  | { readonly _tag: "SendRequest"; readonly request: SipRequest }
  | { readonly _tag: "WakeAt"; readonly at: number }
  | { readonly _tag: "Notify"; readonly notification: RegistrationNotification }
  /** An event that changes nothing (a stray response, a bad header); says why. */
  | { readonly _tag: "Ignored"; readonly reason: string };

/** A branded string (Call-ID, tag) checked by its smart constructor on decode. */
const brandedString = <B extends string>(name: string, make: (s: string) => E.Either<BrandError, B>): t.Type<B, string> =>
  new t.Type<B, string>(
    name,
    (u): u is B => typeof u === "string" && E.isRight(make(u)),
    (u, c) => {
      if (typeof u !== "string") return t.failure(u, c);
      const made = make(u);
      return E.isRight(made) ? t.success(made.right) : t.failure(u, c, `not a ${made.left.brand}`);
    },
    (b) => b,
  );

const SecretCodec = t.union([
  t.type({ _tag: t.literal("Password"), password: t.string }),
  t.type({ _tag: t.literal("HA1"), ha1: t.string }),
]);

const ConfigCodec = t.intersection([
  t.type({
    registrar: UriFromString,
    aor: NameAddrFromString,
    contact: NameAddrFromString,
    callId: brandedString("CallId", callId),
    fromTag: brandedString("Tag", tag),
    via: ViaFromString,
    branchSeed: t.string,
    expires: t.number,
  }),
  t.partial({ credentials: t.type({ username: t.string, secret: SecretCodec }) }),
]);

const IntentCodec = t.union([
  t.type({ _tag: t.literal("Bind"), expires: t.number }),
  t.type({ _tag: t.literal("Unbind") }),
  t.type({ _tag: t.literal("UnbindAll") }),
  t.type({ _tag: t.literal("Fetch") }),
]);

const AnswerCodec = t.type({ proxy: t.boolean, challenge: DigestChallengeCodec, nc: t.number });

const BindingCodec = t.intersection([
  t.type({ granted: t.number, requested: t.number, refreshAt: t.number, expiresAt: t.number }),
  t.partial({ cache: t.type({ answers: t.readonlyArray(AnswerCodec), cnonce: t.string }) }),
]);

const StateCodecUnbranded = t.union([
  t.type({ _tag: t.literal("Unregistered"), config: ConfigCodec, cseq: t.number }),
  t.intersection([t.type({ _tag: t.literal("Registered"), config: ConfigCodec, cseq: t.number }), BindingCodec]),
  t.intersection([
    t.type({ _tag: t.literal("Pending"), config: ConfigCodec, cseq: t.number, intent: IntentCodec }),
    t.partial({ answers: t.readonlyArray(AnswerCodec), cnonce: t.string, cached: t.boolean, next: IntentCodec, bound: BindingCodec }),
  ]),
]);

/** RegistrationState ⇄ JSON (URIs, name-addrs and the Via as their header text). */
export const RegistrationStateCodec: t.Type<RegistrationState, t.OutputOf<typeof StateCodecUnbranded>> = StateCodecUnbranded;
