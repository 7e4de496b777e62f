// The SDP of a WebRTC RTCPeerConnection as the bodies the UA core exchanges, with
// @puresip/sdp's model in between (pure): every description is parsed, handed to the
// application's `rewrite` as data (drop a codec, filter candidates, change a direction), and
// printed again. A description @puresip/sdp cannot read is an error value, never sent.
import * as E from "fp-ts/lib/Either.js";
import type { Body } from "@puresip/dialog";
import { parseSdp, serializeSdp } from "@puresip/sdp";
import type { SessionDescription } from "@puresip/sdp";

/** What the application may do to a description on its way out or in. */
export type Rewrite = (description: SessionDescription) => SessionDescription;

/** RFC 3264 bodies are `application/sdp` (RFC 4566 §8). */
export const SDP_TYPE = "application/sdp";

const same: Rewrite = (d) => d;

/** Text SDP (an RTCSessionDescription's `sdp`) → the UA core's body, through the model. */
export const bodyOfSdp = (sdp: string, rewrite: Rewrite = same): E.Either<string, Body> => {
  const parsed = parseSdp(sdp);
  if (E.isLeft(parsed)) return E.left(`the browser's SDP does not parse: ${parsed.left.message} (line ${parsed.left.line})`);
  return E.right({ type: SDP_TYPE, content: new TextEncoder().encode(serializeSdp(rewrite(parsed.right))) });
};

/** A body from the peer → text SDP for `setRemoteDescription`, through the model. */
export const sdpOfBody = (body: Body, rewrite: Rewrite = same): E.Either<string, string> => {
  const type = body.type.split(";")[0]?.trim().toLowerCase();
  if (type !== SDP_TYPE) return E.left(`the body is ${body.type}, not ${SDP_TYPE}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body.content);
  } catch {
    // The fatal decoder's only way to say "not UTF-8" (RFC 8866 §5: SDP is UTF-8 text).
    return E.left("the SDP body is not UTF-8");
  }
  const parsed = parseSdp(text);
  if (E.isLeft(parsed)) return E.left(`the peer's SDP does not parse: ${parsed.left.message} (line ${parsed.left.line})`);
  return E.right(serializeSdp(rewrite(parsed.right)));
};
