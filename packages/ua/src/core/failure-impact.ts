// RFC 5057 §5.1: what a failure response to a request inside a dialog does to the transaction,
// the usage it was sent in, and the dialog: one table (Table 2) read by every usage of the UA.
// "For the failure responses with code 400 and greater, there are three common ways the failure
// can affect the transaction, usage, and dialog state": Transaction Only, Destroys Usage,
// Destroys Dialog. Some rows depend on the request (notes 3, 8, 12, 13, 17); they are resolved
// here from the request's method and what it meant for its usage.
import { absurd } from "fp-ts/lib/function.js";

/** The three outcomes of §5.1. */
export type FailureImpact = "Transaction" | "Usage" | "Dialog";

/**
 * A row of Table 2: one of the three outcomes, or one the notes make depend on the request:
 * - `Integral` (note 3, 405 and 501): "these errors will affect at most the usage. If the
 *   request was not integral to the usage (it used an unknown method, or was an INFO inside an
 *   INVITE usage, for example), only the transaction will be affected."
 * - `NotCancel` (note 8, 481): the usage, except that "a 481 response to a CANCEL affects only
 *   the CANCEL transaction".
 * - `Subscription` (note 12, 489): the usage for SUBSCRIBE and NOTIFY; to other methods
 *   "treating it as an unknown 4xx is a reasonable practice".
 * - `Terminating` (notes 13 and 17, 5xx and 6xx): "If the UA receives a 500 (or unrecognized 5xx)
 *   in response to an attempt to gracefully terminate this usage, it can treat this usage as
 *   terminated"; otherwise the transaction only.
 */
export type FailureRow = FailureImpact | "Integral" | "NotCancel" | "Subscription" | "Terminating";

/** Table 2, code by code; a code absent here takes its class's row (`failureRow`). */
const TABLE2: ReadonlyMap<number, FailureRow> = new Map<number, FailureRow>([
  [400, "Transaction"],
  [401, "Transaction"],
  // (1) "a reserved response code ... treated as an unrecognized 4xx".
  [402, "Transaction"],
  [403, "Transaction"],
  // (2) "The Request-URI that is being rejected is the remote target set by the Contact provided
  // by the peer. Getting this response means that something has gone fundamentally wrong with
  // the dialog state" (404, 410, 416, 484, 485, 604).
  [404, "Dialog"],
  [405, "Integral"],
  [406, "Transaction"],
  [407, "Transaction"],
  // (4) "the same effect on usages and dialogs as a real transaction timeout" (§5.2): none beyond
  // the usage's own rule for its timeouts, which its machine applies to the 408 itself.
  [408, "Transaction"],
  [410, "Dialog"],
  [412, "Transaction"],
  [413, "Transaction"],
  [414, "Transaction"],
  [415, "Transaction"],
  [416, "Dialog"],
  [417, "Transaction"],
  [420, "Transaction"],
  [421, "Transaction"],
  // (5) "treat this as it would an unknown 4xx response".
  [422, "Transaction"],
  [423, "Transaction"],
  [428, "Transaction"],
  // (6) "objecting only to the REFER request itself".
  [429, "Transaction"],
  [436, "Transaction"],
  [437, "Transaction"],
  [438, "Transaction"],
  // (7) "this response affects only the usage in which the request occurs".
  [480, "Usage"],
  [481, "NotCancel"],
  // (9) "Future requests using this dialog state will also fail."
  [482, "Dialog"],
  // (10) "If the request isn't tried with an increased Max-Forwards, then the agent should follow
  // the Destroy Dialog actions": this UA sends every request with the same Max-Forwards.
  [483, "Dialog"],
  [484, "Dialog"],
  [485, "Dialog"],
  // (11) "it should be treated as an unknown 4xx response".
  [486, "Transaction"],
  [487, "Transaction"],
  [488, "Transaction"],
  [489, "Subscription"],
  [491, "Transaction"],
  [493, "Transaction"],
  [494, "Transaction"],
  [500, "Terminating"],
  [501, "Integral"],
  // (14) "Future requests using this dialog state will also fail."
  [502, "Dialog"],
  // (15) "Like a 500 response, the error is a complaint about this transaction, not the usage."
  [503, "Transaction"],
  [504, "Transaction"],
  [505, "Transaction"],
  [513, "Transaction"],
  [580, "Transaction"],
  [600, "Terminating"],
  [603, "Transaction"],
  [604, "Dialog"],
  [606, "Transaction"],
]);

/**
 * The row of Table 2 for `status` (300 to 699). A code the table does not list takes its
 * class's row: "400 (or unknown 4xx)" Transaction, "500 (or unknown 5xx)" and "600 (or unknown
 * 6xx)" as 500 and 600 (note 13, 17). 3xx: "Redirection mid-dialog ... impacts the entire dialog
 * and all of its usages equally"; this UA follows no redirection inside a dialog, so a 3xx ends
 * only the transaction, for every usage alike.
 */
export const failureRow = (status: number): FailureRow => {
  const row = TABLE2.get(status);
  if (row !== undefined) return row;
  if (status >= 500 && status < 700) return "Terminating";
  return "Transaction";
};

/** What the failed request was to its usage, which the rows that depend on the request read. */
export interface FailedRequest {
  readonly method: string;
  /** Note 3: the method is the usage's own (INVITE, UPDATE, PRACK, BYE for a call; SUBSCRIBE, NOTIFY, REFER for a subscription). */
  readonly integral: boolean;
  /** Notes 13 and 17: the request tried to end its usage gracefully (a BYE, a terminated NOTIFY, a SUBSCRIBE with Expires: 0). */
  readonly terminating: boolean;
  /** Notes 13 and 17: the response said when to retry (Retry-After): "the server thinks the condition is temporary". */
  readonly retryAfter: boolean;
}

/** RFC 5057 §5.1: the outcome of a final failure response `status` (300–699) to `request`, sent inside a dialog. */
export const failureImpact = (status: number, request: FailedRequest): FailureImpact => {
  const row = failureRow(status);
  switch (row) {
    case "Transaction":
    case "Usage":
    case "Dialog":
      return row;
    case "Integral":
      return request.integral ? "Usage" : "Transaction";
    case "NotCancel":
      return request.method === "CANCEL" ? "Transaction" : "Usage";
    case "Subscription":
      return request.method === "SUBSCRIBE" || request.method === "NOTIFY" ? "Usage" : "Transaction";
    case "Terminating":
      return request.terminating && !request.retryAfter ? "Usage" : "Transaction";
    default:
      return absurd(row);
  }
};
