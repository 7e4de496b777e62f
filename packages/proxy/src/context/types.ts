// The proxy's registry entries beside the transaction layer's transactions: one response
// context per proxied request (§16.7: "the response context ... created ... when the request
// is forwarded"), an index from its server transaction to it, the location service's bindings
// (§10.3) and requests waiting for RFC 3263 on the stateless path (§16.11). Each has a
// deadline, so nothing stays once its timers are over.
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import type { Peer, Seed } from "@puresip/kernel";
import { PeerCodec, SeedCodec } from "@puresip/kernel";
import type { SipRequest, SipResponse, Uri } from "@puresip/message";
import { UriFromString } from "@puresip/message";
import type { Transaction } from "@puresip/transaction";
import { nextDeadline as transactionDeadline, SipRequestCodec, SipResponseCodec, TransactionCodec } from "@puresip/transaction";
import type { Binding } from "@puresip/ua/registrar";
import { BindingsCodec, nextExpiry } from "@puresip/ua/registrar";

/**
 * One branch (§16.6: "for each target"), through its client transaction's life:
 * `Resolving` (RFC 3263 asked), `Trying` (sent, nothing heard), `Proceeding` (a provisional
 * came: only now may it be CANCELled, §9.1), `Completed` (a final response, or given up).
 */
export type BranchState = "Resolving" | "Trying" | "Proceeding" | "Completed";

/** §16.10 / §9.1: `Wanted`: to be CANCELled once a provisional response comes; `Sent`: CANCELled. */
export type CancelState = "None" | "Wanted" | "Sent";

/**
 * One branch of a response context (§16.6 "for each target"): the copy of the request for one
 * target, where it went, its client transaction's stage, its timer, and whether it is
 * CANCELled.
 */
export interface Branch {
  /** Its position in the context's branches; it names the branch in our Via's branch parameter. */
  readonly index: number;
  /** The stage of its client transaction. */
  readonly state: BranchState;
  /** The copy (§16.6 steps 1–6); once sent, the request as sent (with our Via, step 8). */
  readonly request: SipRequest;
  /** The next hop it was sent to; null while RFC 3263 resolves it. */
  readonly destination: Peer | null;
  /** The target (§16.5) this branch is for, and the other addresses RFC 3263 gave for its next hop. */
  readonly target: Uri;
  readonly alternatives: ReadonlyArray<Peer>;
  /** Timer C (§16.6 step 11, INVITE), the CANCEL's grace (64*T1), or the RFC 3263 guard. */
  readonly deadline: number | null;
  /** Whether a CANCEL is wanted or sent for it (§16.10, §9.1). */
  readonly cancel: CancelState;
  /** RFC 3327 §5.4: the target binding's path vector, its preloaded Route (kept for RFC 3263 failover). */
  readonly path?: ReadonlyArray<string>;
  /** RFC 5626 §5.3.1: sent over a flow a token named (its transport failing means the flow is gone: 430). */
  readonly flow?: true;
}

/** One target of the target set (§16.5) not tried yet: its URI and q-value (§20.10). */
export interface TargetEntry {
  readonly uri: Uri;
  readonly q: number;
  /** RFC 3327 §5.4: the path vector stored with its binding. */
  readonly path?: ReadonlyArray<string>;
}

/** The response context of one proxied request (§16.7). */
export interface ProxyContext {
  readonly _tag: "Context";
  readonly id: string;
  /** The server transaction the request came in on (§16.2). */
  readonly server: string;
  /** The request after §16.4, from which each branch's copy is made. */
  readonly request: SipRequest;
  /** RFC 5393 §4.2.1's second part, computed on the request as received. */
  readonly loop: string;
  /** The transport the request came in on (its Record-Route address, §16.6 step 4). */
  readonly transport: string;
  /** `Locating`: waiting for the owner's location service (§16.5). */
  readonly phase: "Locating" | "Forwarding";
  /** Target groups not tried yet (sequential forking by q-value). */
  readonly groups: ReadonlyArray<ReadonlyArray<TargetEntry>>;
  readonly branches: ReadonlyArray<Branch>;
  /** Final non-2xx responses so far, without our Via (§16.7 step 4), for steps 6 and 7. */
  readonly responses: ReadonlyArray<SipResponse>;
  /** A final response went upstream (a 2xx, or the best response of step 6). */
  readonly finalSent: boolean;
  /** No new branch may start: CANCEL received (§16.10), a 2xx or a 6xx (§16.7 step 10). */
  readonly stop: boolean;
  /** When the context ends whatever happens: Timer C plus 64*T1 after it was made. */
  readonly endsAt: number;
}

/** Which context a server transaction belongs to, for §16.10's CANCEL. */
export interface ServerIndex {
  readonly _tag: "ServerIndex";
  readonly context: string;
}

/** The bindings of one AOR (§10.3), in the engine's registry when the proxy is its own registrar. */
export interface Bindings {
  readonly _tag: "Bindings";
  readonly aor: string;
  readonly bindings: ReadonlyArray<Binding>;
}

/** A request forwarded statelessly (§16.11) while RFC 3263 finds its next hop. */
export interface Pending {
  readonly _tag: "Pending";
  readonly request: SipRequest;
  readonly branch: string;
  /** The transport it came in on (its Record-Route, §16.6 step 4). */
  readonly inbound: string;
  readonly until: number;
}

/**
 * A nonce of the proxy's that authenticated a request (§22.3, RFC 7616 §3.4): its issue time and
 * the nonce counts seen, so that a replayed count is refused. It leaves when the nonce lapses.
 */
export interface NonceUse {
  readonly _tag: "NonceUse";
  readonly issuedAt: number;
  readonly highestNc: number;
  readonly window: number;
  /** When the nonce stops being accepted: its issue time plus the nonce lifetime. */
  readonly until: number;
}

/** Every entry the proxy keeps in the engine's registry: transactions (§17), response contexts (§16.7), their server index, bindings (§10.3), stateless requests waiting for RFC 3263 (§16.11) and the nonces that authenticated a request (§22). */
export type ProxyEntry = Transaction | ProxyContext | ServerIndex | Bindings | Pending | NonceUse;

/**
 * The proxy's own state: its entropy (§8.1.1.7 branches, §19.3 tags, nonce salts), how many
 * AORs it holds, and how many nonce uses (§22) it remembers (absent: none).
 */
export interface ProxyState {
  readonly seed: Seed;
  readonly aors: number;
  readonly nonces?: number;
}

const BranchCodec: t.Type<Branch, unknown> = t.readonly(
  t.intersection([
  t.type({
    index: t.number,
    state: t.keyof({ Resolving: null, Trying: null, Proceeding: null, Completed: null }),
    request: SipRequestCodec,
    destination: t.union([PeerCodec, t.null]),
    target: UriFromString,
    alternatives: t.readonlyArray(PeerCodec),
    deadline: t.union([t.number, t.null]),
    cancel: t.keyof({ None: null, Wanted: null, Sent: null }),
  }),
  t.partial({ path: t.readonlyArray(t.string), flow: t.literal(true) }),
  ]),
);

const TargetCodec: t.Type<TargetEntry, unknown> = t.readonly(t.intersection([t.type({ uri: UriFromString, q: t.number }), t.partial({ path: t.readonlyArray(t.string) })]));

/** The io-ts codec of a response context (§16.7), so the registry can be saved and restored. */
export const ProxyContextCodec: t.Type<ProxyContext, unknown> = t.readonly(
  t.type({
    _tag: t.literal("Context"),
    id: t.string,
    server: t.string,
    request: SipRequestCodec,
    loop: t.string,
    transport: t.string,
    phase: t.keyof({ Locating: null, Forwarding: null }),
    groups: t.readonlyArray(t.readonlyArray(TargetCodec)),
    branches: t.readonlyArray(BranchCodec),
    responses: t.readonlyArray(SipResponseCodec),
    finalSent: t.boolean,
    stop: t.boolean,
    endsAt: t.number,
  }),
);

const ServerIndexCodec: t.Type<ServerIndex, unknown> = t.readonly(t.type({ _tag: t.literal("ServerIndex"), context: t.string }));
const BindingsEntryCodec: t.Type<Bindings, unknown> = t.readonly(t.type({ _tag: t.literal("Bindings"), aor: t.string, bindings: BindingsCodec }));
const NonceUseCodec: t.Type<NonceUse, unknown> = t.readonly(
  t.type({ _tag: t.literal("NonceUse"), issuedAt: t.number, highestNc: t.number, window: t.number, until: t.number }),
);
const PendingCodec: t.Type<Pending, unknown> = t.readonly(t.type({ _tag: t.literal("Pending"), request: SipRequestCodec, branch: t.string, inbound: t.string, until: t.number }));

/** The io-ts codec of every registry entry of the proxy (`ProxyEntry`). */
export const ProxyEntryCodec: t.Type<ProxyEntry, unknown> = t.union([TransactionCodec, ProxyContextCodec, ServerIndexCodec, BindingsEntryCodec, PendingCodec, NonceUseCodec]);
/** The io-ts codec of the proxy's own state (`ProxyState`). */
export const ProxyStateCodec: t.Type<ProxyState, unknown> = t.readonly(
  t.intersection([t.type({ seed: SeedCodec, aors: t.number }), t.partial({ nonces: t.number })]),
);

/** When the context next needs the clock: its earliest branch deadline, or its end. */
export const contextDeadline = (c: ProxyContext): number => {
  let at = c.endsAt;
  for (const b of c.branches) if (b.state !== "Completed" && b.deadline !== null && b.deadline < at) at = b.deadline;
  return at;
};

/**
 * When an entry next needs the clock, for the engine's timer heap: a context's earliest branch
 * deadline or its end, the next binding expiry (§10.3), a pending request's guard or a nonce's end, a
 * transaction's next timer (§17); none for a server index.
 */
export const entryDeadline = (entry: ProxyEntry): O.Option<number> => {
  switch (entry._tag) {
    case "Context":
      return O.some(contextDeadline(entry));
    case "ServerIndex":
      return O.none;
    case "Bindings":
      return O.fromNullable(nextExpiry(entry.bindings));
    case "Pending":
    case "NonceUse":
      return O.some(entry.until);
    case "InviteClient":
    case "InviteServer":
    case "NonInviteClient":
    case "NonInviteServer":
      return transactionDeadline(entry);
    default:
      return absurd(entry);
  }
};

/** Registry keys of the proxy's own entries (transaction keys start with `C ` or `S`). */
export const contextKey = (id: string): string => `P ${id}`;
export const indexKey = (server: string): string => `X ${server}`;
export const bindingsKey = (aor: string): string => `L ${aor}`;
export const pendingKey = (id: string): string => `F ${id}`;
export const nonceKey = (nonce: string): string => `N ${nonce}`;
