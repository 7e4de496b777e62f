// RTCPeerConnection offer/answer for SIP. SIP without trickle ICE (RFC 8840 is not in the UA
// core) carries one complete description, so each local description is sent once ICE
// gathering has finished (or after `gatherTimeoutMs`, with the candidates found so far).
// Every browser failure comes back as a Left with the browser's words: nothing here rejects.
import * as E from "fp-ts/lib/Either.js";
import type { Body } from "@puresip/dialog";
import type { Rewrite } from "./sdp.js";
import { bodyOfSdp, sdpOfBody } from "./sdp.js";

/** How the WebRTC glue turns an `RTCPeerConnection`'s descriptions into SIP bodies and back: rewrites of the SDP and the ICE gathering wait. */
export interface GlueOptions {
  /** Applied to our description before it goes into the SIP body. */
  readonly local?: Rewrite;
  /** Applied to the peer's description before `setRemoteDescription`. */
  readonly remote?: Rewrite;
  /** How long to wait for ICE gathering to complete (default 3000 ms). */
  readonly gatherTimeoutMs?: number;
}

const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Resolves when `pc` has gathered its candidates, or after `timeoutMs`. */
export const iceGathered = (pc: RTCPeerConnection, timeoutMs: number): Promise<void> =>
  new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });

const localBody = async (pc: RTCPeerConnection, options: GlueOptions): Promise<E.Either<string, Body>> => {
  await iceGathered(pc, options.gatherTimeoutMs ?? 3000);
  const sdp = pc.localDescription?.sdp;
  return sdp === undefined ? E.left("no local description after setLocalDescription") : bodyOfSdp(sdp, options.local);
};

/** An offer from `pc` as the body of an INVITE (or, with `iceRestart`, of a re-INVITE: RFC 5626 §4.5 recovery). */
export const offerBody = async (pc: RTCPeerConnection, options: GlueOptions & { readonly iceRestart?: boolean } = {}): Promise<E.Either<string, Body>> => {
  try {
    const offer = await pc.createOffer(options.iceRestart === true ? { iceRestart: true } : {});
    await pc.setLocalDescription(offer);
  } catch (error) {
    return E.left(`createOffer/setLocalDescription failed: ${why(error)}`);
  }
  return localBody(pc, options);
};

/** The peer's offer (an IncomingCall's INVITE body) set on `pc`, and `pc`'s answer as the body of the 200. */
export const answerBody = async (pc: RTCPeerConnection, offer: Body, options: GlueOptions = {}): Promise<E.Either<string, Body>> => {
  const sdp = sdpOfBody(offer, options.remote);
  if (E.isLeft(sdp)) return sdp;
  try {
    await pc.setRemoteDescription({ type: "offer", sdp: sdp.right });
    await pc.setLocalDescription(await pc.createAnswer());
  } catch (error) {
    return E.left(`setRemoteDescription/createAnswer failed: ${why(error)}`);
  }
  return localBody(pc, options);
};

/** The peer's answer (the 2xx body, `RemoteSdp`) set on `pc`. */
export const acceptAnswer = async (pc: RTCPeerConnection, answer: Body, options: GlueOptions = {}): Promise<E.Either<string, void>> => {
  const sdp = sdpOfBody(answer, options.remote);
  if (E.isLeft(sdp)) return sdp;
  try {
    await pc.setRemoteDescription({ type: "answer", sdp: sdp.right });
    return E.right(undefined);
  } catch (error) {
    return E.left(`setRemoteDescription failed: ${why(error)}`);
  }
};
