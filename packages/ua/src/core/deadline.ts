// When the shell should send `Tick { key }` for an entry: the registry keeps each entry's
// deadline (it comes on `Put`), so a restored registry still knows its timers.
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { nextDeadline as transactionDeadline } from "@puresip/transaction";
import type { StoreEntry } from "./types.js";
import { kindOf } from "./usages.js";

/** The deadline of one registry entry; none when it waits only for messages. */
export const nextDeadline = (entry: StoreEntry): O.Option<number> => {
  switch (entry._tag) {
    case "InviteClient":
    case "InviteServer":
    case "NonInviteClient":
    case "NonInviteServer":
      return transactionDeadline(entry);
    case "Usage":
      return kindOf(entry.usage).deadline(entry.usage);
    case "ClientRequest": {
      const { giveUpAt, refreshAt } = entry.context;
      return giveUpAt === undefined ? O.fromNullable(refreshAt) : O.some(refreshAt === undefined ? giveUpAt : Math.min(giveUpAt, refreshAt));
    }
    case "Dialog":
      // It lives as long as its usages, which have the deadlines.
      return O.none;
    case "Recent":
    case "Challenged":
      return O.some(entry.until);
    default:
      return absurd(entry);
  }
};
