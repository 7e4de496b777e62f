// §17.1.1.3 Construction of the ACK Request: the ACK an INVITE client transaction sends on its
// own for a 300-699 response. (The ACK for a 2xx is the TU's, §13.2.2.4.)
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { Methods } from "@puresip/message";
import { fieldsNamed, printVia } from "./fields.js";

/**
 * The ACK for a non-2xx final `response` to `invite`:
 * "The ACK request constructed by the client transaction MUST contain values for the Call-ID,
 * From, and Request-URI that are equal to the values of those header fields in the request
 * passed to the transport by the client transaction ... The To header field in the ACK MUST
 * equal the To header field in the response being acknowledged ... The ACK MUST contain a
 * single Via header field, and this MUST be equal to the top Via header field of the original
 * request. The CSeq header field in the ACK MUST contain the same value for the sequence
 * number as was present in the original request, but the method parameter MUST be equal to
 * "ACK". ... If the INVITE request whose response is being acknowledged had Route header
 * fields, those header fields MUST appear in the ACK."
 * Max-Forwards is copied too: every request carries one (§8.1.1.6).
 */
export const ackFor = (invite: SipRequest, response: SipResponse): SipRequest => {
  const topVia = invite.core.via[0];
  const seq = invite.core.cseq?.seq ?? response.core.cseq?.seq ?? 0;
  const headers: ReadonlyArray<HeaderField> = [
    ...(topVia === undefined ? [] : [{ name: "Via", value: printVia(topVia) }]),
    ...fieldsNamed(invite.headers, "max-forwards"),
    ...fieldsNamed(invite.headers, "route"),
    ...fieldsNamed(invite.headers, "from"),
    ...fieldsNamed(response.headers, "to"),
    ...fieldsNamed(invite.headers, "call-id"),
    { name: "CSeq", value: `${seq} ACK` },
    { name: "Content-Length", value: "0" },
  ];
  const { from, callId, maxForwards } = invite.core;
  const to = response.core.to;
  return {
    _tag: "Request",
    method: Methods.ACK,
    uri: invite.uri,
    version: invite.version,
    headers,
    core: {
      via: topVia === undefined ? [] : [topVia],
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(callId === undefined ? {} : { callId }),
      cseq: { seq, method: Methods.ACK },
      ...(maxForwards === undefined ? {} : { maxForwards }),
      contentLength: 0,
      contact: [],
      route: invite.core.route,
      recordRoute: [],
    },
    body: new Uint8Array(0),
  };
};
