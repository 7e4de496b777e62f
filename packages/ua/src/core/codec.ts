// io-ts codecs for everything the UA stores or hands across a process boundary: its own state
// and every registry entry (transactions, usages, client-request contexts), so a shell can keep
// its registry in a shared store and restore it anywhere.
import * as t from "io-ts";
import { DigestChallengeCodec } from "@puresip/auth";
import { InviteSessionCodec, NameAddrCodec, SipRequestCodec, SipResponseCodec, UriCodec, optionCodec } from "@puresip/dialog";
import { SessionDescriptionCodec } from "@puresip/sdp";
import { PeerCodec, TransactionCodec, TransactionKeyCodec } from "@puresip/transaction";
import { RegistrationStateCodec } from "../usages/registration/state.js";
import { NotifierStateCodec, SubscriberStateCodec } from "../usages/subscription/codec.js";
import type { ClientRequest, Credential, DigestCache, Owner, StoreEntry, UaState, Usage, UsageKey } from "./types.js";

const Word = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, "Uint32");

/** UaState ⇄ JSON: the four seed words, and `closing` once `Shutdown` came. */
export const UaStateCodec: t.Type<UaState, unknown> = t.intersection(
  [
    t.readonly(t.type({ seed: t.refinement(t.readonly(t.tuple([Word, Word, Word, Word])), (s) => s.some((w) => w !== 0), "Seed") })),
    t.readonly(t.partial({ closing: t.literal(true) })),
  ],
  "UaState",
);

const UsageKeyCodec = new t.Type<UsageKey, string>(
  "UsageKey",
  (u): u is UsageKey => typeof u === "string" && u.startsWith("U "),
  (u, c) => (typeof u === "string" && u.startsWith("U ") ? t.success(u as UsageKey) : t.failure(u, c, "a usage key starts with \"U \"")),
  (k) => k,
);

const OwnerCodec: t.Type<Owner, unknown> = t.union([
  t.readonly(t.type({ _tag: t.literal("Usage"), key: UsageKeyCodec })),
  t.readonly(t.type({ _tag: t.literal("Standalone"), ref: t.string, method: t.keyof({ MESSAGE: null, OPTIONS: null }) })),
]);

const AnsweredCodec = t.readonlyArray(t.readonly(t.type({ proxy: t.boolean, challenge: DigestChallengeCodec, nc: t.number })));

const ClientRequestCodec: t.Type<ClientRequest, unknown> = t.readonly(
  t.type({
    request: SipRequestCodec,
    owner: OwnerCodec,
    answered: AnsweredCodec,
    destination: optionCodec(PeerCodec),
  }),
);

const SecretCodec = t.union([t.readonly(t.type({ _tag: t.literal("Password"), password: t.string })), t.readonly(t.type({ _tag: t.literal("HA1"), ha1: t.string }))]);
const CredentialCodec: t.Type<Credential, unknown> = t.intersection([
  t.readonly(t.type({ username: t.string, secret: SecretCodec })),
  t.readonly(t.partial({ realm: t.string })),
]);

const ContextCodec: t.Type<ClientRequest, unknown> = t.intersection([
  ClientRequestCodec,
  t.readonly(t.partial({ provided: t.readonlyArray(CredentialCodec), giveUpAt: t.number, refreshAt: t.number, alternatives: t.readonlyArray(PeerCodec), heard: t.literal(true), cached: t.literal(true), redirects: t.readonly(t.type({ targets: t.readonlyArray(t.string), hops: t.number })) })),
]);

const DigestCacheCodec: t.Type<DigestCache, unknown> = t.intersection([
  t.readonly(t.type({ answers: AnsweredCodec, cnonce: t.string })),
  t.readonly(t.partial({ provided: t.readonlyArray(CredentialCodec) })),
]);

export const UsageCodec: t.Type<Usage, unknown> = t.union([
  t.intersection([
    t.readonly(
      t.type({
        _tag: t.literal("Call"),
        session: InviteSessionCodec,
        media: t.readonly(t.type({ local: optionCodec(SessionDescriptionCodec), remote: optionCodec(SessionDescriptionCodec) })),
      }),
    ),
    t.readonly(t.partial({ expiresAt: t.number, unansweredAt: t.number, provisionalAgainAt: t.number, replaces: UsageKeyCodec, peerSupports: t.readonlyArray(t.string), digest: DigestCacheCodec })),
  ]),
  t.readonly(t.type({ _tag: t.literal("Registration"), id: t.string, registration: RegistrationStateCodec })),
  t.readonly(t.type({ _tag: t.literal("Subscriber"), refer: t.boolean, state: SubscriberStateCodec })),
  t.readonly(t.type({ _tag: t.literal("Notifier"), refer: t.boolean, state: NotifierStateCodec })),
]);

/** A registry entry ⇄ JSON. */
export const StoreEntryCodec: t.Type<StoreEntry, unknown> = t.union(
  [
    TransactionCodec,
    t.readonly(t.type({ _tag: t.literal("Usage"), usage: UsageCodec })),
    t.readonly(t.type({ _tag: t.literal("ClientRequest"), context: ContextCodec })),
    t.readonly(t.type({ _tag: t.literal("Recent"), serverKey: TransactionKeyCodec, until: t.number })),
    t.readonly(t.type({ _tag: t.literal("Challenged"), context: ContextCodec, response: SipResponseCodec, realm: t.string, until: t.number })),
    t.intersection([
      t.readonly(t.type({ _tag: t.literal("Dialog"), localSeq: t.number, remoteTarget: UriCodec, routeSet: t.readonlyArray(NameAddrCodec), usages: t.readonlyArray(UsageKeyCodec) })),
      t.readonly(t.partial({ remoteSeq: t.number })),
    ]),
  ],
  "StoreEntry",
);
