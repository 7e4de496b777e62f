import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, serializeMessage, tag } from "@puresip/message";
import type { Tag } from "@puresip/message";
import { describe, expect } from "vitest";
import { receive } from "../src/index.js";
import { enc, options } from "./helpers.js";

const toTag = (): Tag => (tag("proptag") as E.Right<Tag>).right;
const source = { host: "192.0.2.9", port: 5099 };
const valid = enc(options("z9hG4bKprop", "SIP/2.0/UDP 10.0.0.1:5060"));

/** A valid request with some octets overwritten, cut or repeated: near-misses of the grammar. */
const mangled = fc
  .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 })
  .chain((edits) =>
    fc.nat({ max: valid.length }).map((cut) => {
      const bytes = valid.slice(0, Math.max(1, cut));
      for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
      return bytes;
    }),
  );

describe("§18.2.1 receive never throws and never answers what it must not", () => {
  test.prop([fc.oneof(fc.uint8Array({ maxLength: 300 }), mangled)])("any datagram: a Request, a Response, an Answer or a Drop", (bytes) => {
    const r = receive(parseMessage(bytes), { source, toTag });
    switch (r._tag) {
      case "Request":
        // RFC 3581 §4: rport was requested, so received and rport are both there.
        expect(r.request.core.via[0]?.params.some((p) => p.name === "received" && p.value === source.host)).toBe(true);
        break;
      case "Answer":
        // Only 4xx/5xx, never to an ACK, always routable by a stamped Via, and it prints.
        expect(r.response.status).toBeGreaterThanOrEqual(400);
        expect(r.response.status).toBeLessThan(600);
        expect(r.response.core.cseq?.method).not.toBe("ACK");
        expect(r.response.core.via.length).toBeGreaterThan(0);
        {
          // It prints, and reads back but for a From, To, Call-ID or CSeq echoed as the peer
          // wrote it (§8.2.6.2), which did not parse then either and is not in its core.
          const again = parseMessage(serializeMessage(r.response));
          if (E.isLeft(again)) {
            expect(again.left.kind).toBe("CoreHeader");
            const name = again.left.detail.slice(0, again.left.detail.indexOf(":"));
            const echoed: Readonly<Record<string, unknown>> = { From: r.response.core.from, To: r.response.core.to, "Call-ID": r.response.core.callId, CSeq: r.response.core.cseq };
            expect(name in echoed && echoed[name] === undefined).toBe(true);
          }
        }
        break;
      case "Response":
        expect(r.response._tag).toBe("Response");
        break;
      case "Drop":
        expect(r.detail.length).toBeGreaterThan(0);
        break;
      default:
        r satisfies never;
    }
  });
});
