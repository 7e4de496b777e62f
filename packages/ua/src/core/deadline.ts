// When the shell should send `Tick { key }` for an entry: the registry keeps each entry's
// deadline (it comes on `Put`), so a restored registry still knows its timers.
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { sessionDeadline } from "@puresip/dialog";
import { nextDeadline as transactionDeadline } from "@puresip/transaction";
import { nextRegistrationDeadline } from "../registration/client.js";
import { nextNotifierDeadline } from "../subscription/notifier.js";
import { nextSubscriberDeadline } from "../subscription/subscriber.js";
import type { StoreEntry, Usage } from "./types.js";

const usageDeadline = (usage: Usage): O.Option<number> => {
  switch (usage._tag) {
    case "Call": {
      const own = sessionDeadline(usage.session);
      // §13.2.1: our INVITE's Expires, until we cancel it or a final response comes.
      if (usage.session._tag === "Calling" && usage.session.cancel._tag === "No" && usage.expiresAt !== undefined) {
        return O.some(O.isSome(own) ? Math.min(own.value, usage.expiresAt) : usage.expiresAt);
      }
      // §13.3.1: the INVITE's Expires (and our answer timeout) matter only until the final response.
      if (usage.session._tag !== "Incoming") return own;
      const limits = [usage.expiresAt, usage.unansweredAt, O.toUndefined(own)].filter((n): n is number => n !== undefined);
      return limits.length === 0 ? O.none : O.some(Math.min(...limits));
    }
    case "Registration":
      return nextRegistrationDeadline(usage.registration);
    case "Subscriber":
      return nextSubscriberDeadline(usage.state);
    case "Notifier":
      return nextNotifierDeadline(usage.state);
    default:
      return absurd(usage);
  }
};

/** The deadline of one registry entry; none when it waits only for messages. */
export const nextDeadline = (entry: StoreEntry): O.Option<number> => {
  switch (entry._tag) {
    case "Transaction":
      return transactionDeadline(entry.transaction);
    case "Usage":
      return usageDeadline(entry.usage);
    case "ClientRequest":
      return O.fromNullable(entry.context.giveUpAt);
    case "Recent":
    case "Challenged":
      return O.some(entry.until);
    default:
      return absurd(entry);
  }
};
