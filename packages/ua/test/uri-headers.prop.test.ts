// RFC 3261 §19.1.5 as a property: whatever headers a URI carries, the request formed from it
// never takes a field the UA must not honor, and every field it does take came from the URI.
import * as E from "fp-ts/lib/Either.js";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { escapeUriHeaderValue, headerKey, parseUri } from "@puresip/message";
import { requestFromUri } from "../src/uac/uri-headers.js";

const NEVER = ["from", "call-id", "cseq", "via", "record-route", "route", "accept", "accept-encoding", "accept-language", "allow", "contact", "organization", "supported", "user-agent", "to", "max-forwards"];
const names = fc.constantFrom("From", "Call-ID", "CSeq", "Via", "Record-Route", "Route", "Accept", "Allow", "Contact", "Supported", "User-Agent", "Subject", "Priority", "X-Note", "Content-Type", "Content-Length", "body", "Date", "Require");
const field = fc.tuple(names, fc.string({ maxLength: 12 }));

test.prop([fc.array(field, { maxLength: 6 })])("RFC 3261 §19.1.5: no forbidden field is taken from a URI, and the others are the URI's own", (fields) => {
  const text = `sip:bob@example.com${fields.length === 0 ? "" : "?"}${fields.map(([n, v]) => `${n}=${escapeUriHeaderValue(v)}`).join("&")}`;
  const uri = parseUri(text);
  if (E.isLeft(uri)) return;
  const formed = requestFromUri(uri.right);
  if (E.isLeft(formed)) return;
  for (const h of formed.right.headers) {
    expect(NEVER).not.toContain(headerKey(h.name));
    expect(fields.some(([n, v]) => n === h.name && v === h.value)).toBe(true);
  }
});
