// message/sipfrag (RFC 3420) bodies of the refer event package (RFC 3515 §2.4.5): "The body of
// a NOTIFY MUST begin with a SIP Response Status-Line". Parsed with @puresip/message's message
// parser, which reads a fragment (a start line, maybe headers) like any message.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Body } from "@puresip/dialog";
import { contentTypeHeader, encodeUtf8, parseMessage, readHeader, reasonPhrase } from "@puresip/message";
import type { SipRequest } from "@puresip/message";

/** RFC 3420 §3 with the version parameter RFC 3515's examples carry. */
export const SIPFRAG_TYPE = "message/sipfrag;version=2.0";

/** The status line of the referenced request's latest response. */
export interface SipfragStatus {
  readonly status: number;
  readonly reason: string;
}

/** A sipfrag body holding one Status-Line, e.g. "SIP/2.0 100 Trying" (RFC 3515 §2.4.5). */
export const sipfragBody = (status: number, reason?: string): Body => ({
  type: SIPFRAG_TYPE,
  content: encodeUtf8(`SIP/2.0 ${String(status)} ${reason ?? reasonPhrase(status)}\r\n`),
});

/** The Status-Line at the start of a sipfrag body; Left says why it is not one. */
export const parseSipfrag = (content: Uint8Array): E.Either<string, SipfragStatus> => {
  const parsed = parseMessage(content);
  if (E.isLeft(parsed)) return E.left(`not a sipfrag: ${parsed.left.detail}`);
  const m = parsed.right;
  return m._tag === "Response" ? E.right({ status: m.status, reason: m.reason }) : E.left("a refer NOTIFY body must begin with a Status-Line (RFC 3515 §2.4.5), not a Request-Line");
};

/** The progress a refer NOTIFY reports: its body must be message/sipfrag (RFC 3515 §2.4.4). */
export const referProgressOf = (notify: SipRequest): E.Either<string, SipfragStatus> => {
  const type = readHeader(contentTypeHeader)(notify);
  if (E.isLeft(type) || O.isNone(type.right)) return E.left("a refer NOTIFY needs Content-Type: message/sipfrag");
  const { type: main, subtype } = type.right.value;
  if (main.toLowerCase() !== "message" || subtype.toLowerCase() !== "sipfrag") return E.left(`a refer NOTIFY body is message/sipfrag, not ${main}/${subtype}`);
  return parseSipfrag(notify.body);
};
