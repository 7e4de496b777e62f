// Registry keys. Transaction keys start with "C " or "S" (@puresip/transaction); ours start
// with "U " (usages), "Q " (client-request contexts), "M " and "D " (requests awaiting an
// answer) and "A " (challenges), so the kinds never clash.
import type { TransactionKey } from "@puresip/transaction";
import type { UsageKey } from "./types.js";

/**
 * An INVITE usage is filed under the Call-ID and the UAC's tag (the INVITE's From tag), with
 * the role: both ends of a call know that tag from the first request on, so the INVITE, its
 * CANCEL (To without a tag, §9.1), every in-dialog request and every response find the call,
 * and a call from this UA to itself keeps its two halves apart.
 */
export const callKey = (role: "UAC" | "UAS", callId: string, uacTag: string): UsageKey => ["U call", role, callId, uacTag].join(" ") as UsageKey;

export const registrationKey = (id: string): UsageKey => `U reg ${id}` as UsageKey;

/** The context of the client request that created transaction `key` (also the RFC 3263 `Resolve` id). */
export const clientRequestKey = (key: TransactionKey): string => `Q ${key}`;

/** The transaction key a `clientRequestKey` was made from. */
export const transactionKeyOf = (contextKey: string): TransactionKey => contextKey.slice(2) as TransactionKey;

export const isUsageKey = (key: string): key is UsageKey => key.startsWith("U ");

/** §8.2.2.2: where a recent request outside a dialog is filed, by its merge key. */
export const recentKey = (mergeKey: string): string => `M ${mergeKey}`;

/** A request in a dialog handed to the application (`InDialogRequest`), filed until its answer is due (64*T1). */
export const answerDueKey = (serverKey: TransactionKey): string => `D ${serverKey}`;

/** A challenge waiting for the application's credentials (the `CredentialsNeeded` id). */
export const challengedKey = (contextKey: string): string => `A ${contextKey}`;

/** The client-request key a `challengedKey` was made from. */
export const contextKeyOf = (challenged: string): string => challenged.slice(2);
