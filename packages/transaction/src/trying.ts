// The 100 (Trying) an INVITE server transaction sends for a slow TU (§17.2.1), built per
// §8.2.6.1 and §8.2.6.2 from the request it answers.
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { headerKey } from "@puresip/message";

/** The header fields a 100 (Trying) copies, by comparison key (compact forms included). */
const COPIED: ReadonlySet<string> = new Set(["via", "from", "to", "call-id", "cseq", "timestamp"]);

/**
 * §8.2.6.1: "When a 100 (Trying) response is generated, any Timestamp header field present in
 * the request MUST be copied into this 100 (Trying) response."
 * §8.2.6.2: "The From field ... MUST equal the From header field of the request. The Call-ID
 * ... MUST equal ... The CSeq ... MUST equal ... The Via header field values in the response
 * MUST equal the Via header field values in the request and MUST maintain the same ordering."
 * The To is copied as is: a 100 need not carry a tag ("it MAY be omitted").
 */
export const tryingFor = (request: SipRequest): SipResponse => {
  // One pass, in the request's order: Via values keep "the same ordering" (§8.2.6.2).
  const headers: Array<HeaderField> = request.headers.filter((h) => COPIED.has(headerKey(h.name)));
  headers.push({ name: "Content-Length", value: "0" });
  const { via, from, to, callId, cseq } = request.core;
  return {
    _tag: "Response",
    version: request.version,
    status: 100,
    reason: "Trying",
    headers,
    core: {
      via,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(callId === undefined ? {} : { callId }),
      ...(cseq === undefined ? {} : { cseq }),
      contentLength: 0,
      contact: [],
      route: [],
      recordRoute: [],
    },
    body: new Uint8Array(0),
  };
};
