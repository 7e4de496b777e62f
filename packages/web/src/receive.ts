// What the client does with each SIP message off the WebSocket, before the UA core sees it
// (pure): a request gets its top Via stamped (RFC 3261 §18.2.1; RFC 7118 §5.3 lets the server
// skip `received`, but a client that adds it loses nothing) and is validated; a response is
// validated (§18.1.2); anything unusable is dropped with the reason. The node shell also
// answers a malformed request 400: a browser client, whose only peer is its proxy, drops it.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, validateMessage } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { stampTopVia } from "@puresip/ua";

/** What `receive` makes of one WebSocket message: a request with its top Via stamped (§18.2.1), a response, or a drop with the reason. */
export type Inbound =
  | { readonly _tag: "Request"; readonly request: SipRequest }
  | { readonly _tag: "Response"; readonly response: SipResponse }
  | { readonly _tag: "Drop"; readonly detail: string };

/** `bytes` (one WebSocket message) from the server at `source`. */
export const receive = (bytes: Uint8Array, source: { readonly host: string; readonly port: number }, maxMessageBytes: number): Inbound => {
  const parsed = parseMessage(bytes, { maxMessageBytes });
  if (E.isLeft(parsed)) return { _tag: "Drop", detail: `unparsable (${parsed.left.kind}: ${parsed.left.detail})` };
  const message = parsed.right;
  if (message._tag === "Response") {
    const checked = validateMessage(message);
    return E.isLeft(checked) ? { _tag: "Drop", detail: `response dropped (§18.1.2): ${checked.left.problems.map((p) => p.detail).join("; ")}` } : { _tag: "Response", response: message };
  }
  const stamped = stampTopVia(source)(message);
  if (E.isLeft(stamped)) return { _tag: "Drop", detail: `request dropped: ${stamped.left._tag}` };
  const checked = validateMessage(stamped.right);
  return E.isLeft(checked) ? { _tag: "Drop", detail: `request dropped: ${checked.left.problems.map((p) => p.detail).join("; ")}` } : { _tag: "Request", request: stamped.right };
};
