// The body of a SIP message as the UA core's opaque `Body` (type and bytes), and back: what
// an application whose UA core makes no SDP itself relays from one dialog to the other.
import type { SipMessage } from "@puresip/message";
import { headerValues } from "@puresip/message";
import type { Body } from "@puresip/ua";

/** A message's body with its Content-Type (§7.4.1), or undefined when it has none. */
export const bodyOfMessage = (message: SipMessage): Body | undefined => {
  if (message.body.length === 0) return undefined;
  const type = headerValues("Content-Type")(message)[0] ?? headerValues("c")(message)[0];
  return type === undefined ? undefined : { type, content: message.body };
};

/** `{ body }` when there is one: exactOptionalPropertyTypes forbids `body: undefined`. */
export const withBody = (body: Body | undefined): { readonly body?: Body } => (body === undefined ? {} : { body });
