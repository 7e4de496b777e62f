// RFC 3725 §4.4 and §7: the controller passes SDP from one party to the other, but each party
// must see our o= lines continue (RFC 3264 §8: "the version MUST be incremented by one" and the
// other fields stay). The first description sent to a party goes as it is; later ones get the
// o= line of the last one we sent it, one version on. And the no-media offer of Flow IV (1).
import * as E from "fp-ts/lib/Either.js";
import { decodeUtf8, encodeUtf8 } from "@puresip/message";
import type { Origin, SessionDescription } from "@puresip/sdp";
import { incrementDecimal, parseSdp, serializeSdp } from "@puresip/sdp";
import type { Body } from "@puresip/ua";

const SDP = "application/sdp";

const bodyOf = (sd: SessionDescription): Body => ({ type: SDP, content: encodeUtf8(serializeSdp(sd)) });

/** RFC 3725 §4.4 (1): "SDP with no media at all, meaning that there are no m lines", on the black hole 0.0.0.0 (§5). */
export const noMediaOffer = (origin: Origin): readonly [Body, Origin] => [
  bodyOf({
    version: 0,
    origin,
    sessionName: "-",
    emails: [],
    phones: [],
    connection: { netType: "IN", addrType: "IP4", address: "0.0.0.0" },
    bandwidths: [],
    timing: [{ start: 0, stop: 0, repeats: [] }],
    zones: [],
    attributes: [],
    unknown: [],
    media: [],
  }),
  origin,
];

/** `body` as sent to a party whose last description from us had `previous` (none: as it is), with the o= line it now has. */
export const continueOrigin = (body: Body, previous: Origin | null): E.Either<string, readonly [Body, Origin]> => {
  const text = decodeUtf8(body.content);
  if (E.isLeft(text)) return E.left("the body is not UTF-8 text");
  const sd = parseSdp(text.right);
  if (E.isLeft(sd)) return E.left(`unreadable SDP: ${sd.left.message}`);
  if (previous === null) return E.right([body, sd.right.origin]);
  const origin: Origin = { ...previous, sessionVersion: incrementDecimal(previous.sessionVersion) };
  return E.right([bodyOf({ ...sd.right, origin }), origin]);
};
