// Which registry entries are transactions: the layer's own `Transaction` values are filed as they
// are (core/types.ts `StoreEntry`), told apart from the core's entries by their `_tag`.
import type { Transaction } from "@puresip/transaction";
import type { StoreEntry } from "./types.js";

/** True for an entry the transaction layer filed (any of its four machines). */
export const isTransactionEntry = (entry: StoreEntry): entry is Transaction =>
  entry._tag === "InviteClient" || entry._tag === "InviteServer" || entry._tag === "NonInviteClient" || entry._tag === "NonInviteServer";
