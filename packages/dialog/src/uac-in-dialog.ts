// RFC 3261 §12.2.1: a UAC sending a request inside a dialog and processing its responses.
import * as O from "fp-ts/lib/Option.js";
import type { Method, NameAddr, SipResponse, Uri } from "@puresip/message";
import type { Dialog } from "./dialog.js";
import { isTargetRefresh } from "./target-refresh.js";

/**
 * §12.2.1.1: "if the local sequence number is not empty, the value of the local sequence
 * number MUST be incremented by one ... If the local sequence number is empty, an initial
 * value MUST be chosen using the guidelines of Section 8.1.1.5." The initial value is data
 * (`initialSeq`, below 2**31 per §8.1.1.5) so the function stays pure.
 * Returns the CSeq number to use and the dialog that remembers it.
 */
export const nextLocalSeq =
  (initialSeq: number) =>
  (dialog: Dialog): readonly [seq: number, dialog: Dialog] => {
    const seq = O.isSome(dialog.localSeq) ? dialog.localSeq.value + 1 : initialSeq;
    return [seq, { ...dialog, localSeq: O.some(seq) }];
  };

/** Where an in-dialog request goes: its Request-URI and its Route header values. */
export interface RequestTarget {
  readonly requestUri: Uri;
  readonly route: ReadonlyArray<NameAddr>;
}

const hasLr = (address: NameAddr): boolean =>
  address.uri._tag === "SipUri" && address.uri.params.some((p) => p.name.toLowerCase() === "lr");

/** §19.1.1 Table 1: `method` and headers are not allowed in a Request-URI. */
const forRequestUri = (uri: Uri): Uri =>
  uri._tag === "SipUri"
    ? { ...uri, params: uri.params.filter((p) => p.name.toLowerCase() !== "method"), headers: [] }
    : uri;

/**
 * §12.2.1.1: empty route set → Request-URI is the remote target, no Route. First route with
 * `lr` → loose routing: Request-URI is the remote target and Route is the route set. Otherwise
 * strict routing: the first route becomes the Request-URI, the rest plus the remote target
 * form the Route.
 */
export const requestTarget = (dialog: Dialog): RequestTarget => {
  const [first, ...rest] = dialog.routeSet;
  if (first === undefined) return { requestUri: dialog.remoteTarget, route: [] };
  if (hasLr(first)) return { requestUri: dialog.remoteTarget, route: dialog.routeSet };
  return {
    requestUri: forRequestUri(first.uri),
    route: [...rest, { _tag: "NameAddr", uri: dialog.remoteTarget, angle: true, params: [] }],
  };
};

/** What the UAC core must do after a response to an in-dialog request. */
export type ResponseOutcome =
  | { readonly _tag: "Continue"; readonly dialog: Dialog }
  /** §12.2.1.2: "If the response ... is a 481 ... or a 408 ..., the UAC SHOULD terminate the dialog." */
  | { readonly _tag: "Terminate"; readonly dialog: Dialog; readonly status: 408 | 481 };

/**
 * §12.2.1.2: a 2xx to a target refresh replaces the remote target with the response's Contact;
 * 481 and 408 (a transaction timeout counts as 408) end the dialog.
 */
export const processResponse =
  (method: Method, response: SipResponse) =>
  (dialog: Dialog): ResponseOutcome => {
    if (response.status === 481 || response.status === 408) return { _tag: "Terminate", dialog, status: response.status };
    const contact = response.core.contact[0];
    const refresh = response.status >= 200 && response.status < 300 && isTargetRefresh(method) && contact?._tag === "NameAddr";
    return { _tag: "Continue", dialog: refresh ? { ...dialog, remoteTarget: contact.uri } : dialog };
  };

/**
 * §13.2.2.4: a 2xx on an early dialog confirms it; "the route set for the dialog MUST be
 * recomputed based on the 2xx response" and the remote target follows its Contact.
 */
export const confirmUac =
  (response: SipResponse) =>
  (dialog: Dialog): Dialog => {
    if (dialog._tag === "Confirmed" || response.status < 200 || response.status >= 300) return dialog;
    const contact = response.core.contact[0];
    return {
      ...dialog,
      _tag: "Confirmed",
      routeSet: [...response.core.recordRoute].reverse(),
      remoteTarget: contact?._tag === "NameAddr" ? contact.uri : dialog.remoteTarget,
    };
  };
