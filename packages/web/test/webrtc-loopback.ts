// Runs in Chromium (bundled by browser.test.ts): two RTCPeerConnections in one page exchange an
// offer and an answer through @puresip/web/webrtc (the SIP bodies, through @puresip/sdp's
// model, with a rewrite on the answer), with a fake microphone, until ICE connects.
import * as E from "fp-ts/lib/Either.js";
import type { Attribute } from "@puresip/sdp";
import { acceptAnswer, answerBody, offerBody } from "../src/webrtc/index.js";

const connected = (pc: RTCPeerConnection, timeoutMs: number): Promise<string> =>
  new Promise((resolve) => {
    const check = (): boolean => {
      if (pc.iceConnectionState !== "connected" && pc.iceConnectionState !== "completed") return false;
      resolve(pc.iceConnectionState);
      return true;
    };
    if (check()) return;
    const timer = setTimeout(() => {
      resolve(`timed out in ${pc.iceConnectionState}`);
    }, timeoutMs);
    pc.addEventListener("iceconnectionstatechange", () => {
      if (check()) clearTimeout(timer);
    });
  });

const run = async (): Promise<Record<string, string>> => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const caller = new RTCPeerConnection();
  const callee = new RTCPeerConnection();
  for (const track of stream.getTracks()) caller.addTrack(track, stream);
  const offer = await offerBody(caller);
  if (E.isLeft(offer)) return { error: offer.left };
  // The callee's answer, rewritten as data on its way out: opus (111) only.
  const opusOnly = (a: Attribute): boolean =>
    !((a._tag === "Rtpmap" && a.payloadType !== 111) || (a._tag === "Fmtp" && a.format !== "111") || (a._tag === "RtcpFb" && a.payloadType !== "111" && a.payloadType !== "*"));
  const answer = await answerBody(callee, offer.right, {
    local: (d) => ({ ...d, media: d.media.map((m) => ({ ...m, formats: m.formats.filter((f) => f === "111"), attributes: m.attributes.filter(opusOnly) })) }),
  });
  if (E.isLeft(answer)) return { error: answer.left };
  const accepted = await acceptAnswer(caller, answer.right);
  if (E.isLeft(accepted)) return { error: accepted.left };
  const [a, b] = await Promise.all([connected(caller, 15_000), connected(callee, 15_000)]);
  const answerText = new TextDecoder().decode(answer.right.content);
  const result = { caller: a, callee: b, answerType: answer.right.type, answerAudio: /m=audio [^\r]*/.exec(answerText)?.[0] ?? "" };
  caller.close();
  callee.close();
  for (const track of stream.getTracks()) track.stop();
  return result;
};

(globalThis as unknown as { loopback: typeof run }).loopback = run;
