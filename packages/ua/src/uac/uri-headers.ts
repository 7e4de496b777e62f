// §19.1.5 "Forming Requests from a URI": the headers (and "body") a SIP URI carries, such as a
// business card's `sip:bob@example.com?Subject=hello&Priority=urgent`, go into the request
// "on a per-component basis". Some are never honored (they would let the URI's author forge the
// request, route it, or misstate this UA's capabilities); descriptive ones are checked against
// the body they describe; a request the UA cannot send as the URI asks is refused, not altered.
import * as E from "fp-ts/lib/Either.js";
import { contentDispositionHeader, contentLanguageHeader, contentTypeHeader, encodeUtf8, headerKey, uriHeaderFields } from "@puresip/message";
import type { HeaderField, Uri } from "@puresip/message";
import type { Body } from "@puresip/dialog";

/** What a URI asks to put in the request: header fields and a body. */
export interface UriRequest {
  readonly headers: ReadonlyArray<HeaderField>;
  readonly body?: Body;
}

/**
 * Not honored, by §19.1.5: "obviously dangerous header fields: From, Call-ID, CSeq, Via, and
 * Record-Route"; "any requested Route header field values"; fields "that may cause it to falsely
 * advertise its location or capabilities ... Accept, Accept-Encoding, Accept-Language, Allow,
 * Contact (in its dialog usage), Organization, Supported, and User-Agent"; and what the UA
 * writes itself (To is the URI, Max-Forwards is §8.1.1.6's) or cannot say truly of a request
 * sent now (Date, Timestamp).
 */
const IGNORED: ReadonlySet<string> = new Set([
  "from", "call-id", "cseq", "via", "record-route",
  "route",
  "accept", "accept-encoding", "accept-language", "allow", "contact", "organization", "supported", "user-agent",
  "to", "max-forwards", "date", "timestamp",
]);

const describesBody: ReadonlySet<string> = new Set(["content-type", "content-length", "content-encoding", "content-disposition", "content-language", "mime-version"]);

const valueOf = (fields: ReadonlyArray<HeaderField>, key: string): string | undefined => fields.find((f) => headerKey(f.name) === key)?.value;

/**
 * §19.1.5: "An implementation SHOULD verify the accuracy of any requested descriptive header
 * fields": a body needs its Content-Type, a Content-Length must count its octets, a
 * Content-Encoding other than identity or a MIME-Version other than 1.0 cannot be vouched for.
 */
const describedBody = (fields: ReadonlyArray<HeaderField>): E.Either<string, Body | undefined> => {
  const text = valueOf(fields, "body");
  const type = valueOf(fields, "content-type");
  if (text === undefined) return [...describesBody].some((k) => valueOf(fields, k) !== undefined) ? E.left("the URI describes a body it does not carry") : E.right(undefined);
  if (type === undefined || E.isLeft(contentTypeHeader.parse(type))) return E.left("the URI's body has no valid Content-Type");
  const content = encodeUtf8(text);
  const length = valueOf(fields, "content-length");
  if (length !== undefined && length.trim() !== String(content.length)) return E.left(`the URI's Content-Length ${length} is not its body's ${String(content.length)} octets`);
  const encoding = valueOf(fields, "content-encoding");
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") return E.left(`the URI's Content-Encoding ${encoding} cannot be checked`);
  const mime = valueOf(fields, "mime-version");
  if (mime !== undefined && mime.trim() !== "1.0") return E.left(`the URI's MIME-Version ${mime} is not 1.0`);
  const disposition = valueOf(fields, "content-disposition");
  if (disposition !== undefined && E.isLeft(contentDispositionHeader.parse(disposition))) return E.left("the URI's Content-Disposition does not parse");
  const language = valueOf(fields, "content-language");
  if (language !== undefined && E.isLeft(contentLanguageHeader.parse(language))) return E.left("the URI's Content-Language does not parse");
  return E.right({ type, content });
};

/**
 * The header fields and body `uri` asks for (§19.1.5), or why the request must not be sent.
 * Require and Proxy-Require are kept: the request builder refuses an extension this UA lacks
 * ("SHOULD refuse to send these requests rather than modifying them").
 */
export const requestFromUri = (uri: Uri): E.Either<string, UriRequest> => {
  const fields = uriHeaderFields(uri);
  if (fields.length === 0) return E.right({ headers: [] });
  return E.map((body: Body | undefined): UriRequest => {
    const headers = fields.filter((f) => {
      const key = headerKey(f.name);
      return key !== "body" && key !== "content-length" && !IGNORED.has(key) && !describesBody.has(key);
    });
    const kept = body === undefined ? headers : [...headers, ...fields.filter((f) => ["content-disposition", "content-language"].includes(headerKey(f.name)))];
    return body === undefined ? { headers: kept } : { headers: kept, body };
  })(describedBody(fields));
};
