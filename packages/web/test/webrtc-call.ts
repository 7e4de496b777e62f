// Runs in Chromium (bundled by webrtc-call.test.ts), once in each of two pages: a phone of
// @puresip/web registered to `puresip proxy` over WebSocket (RFC 7118, RFC 5626), with real
// WebRTC media through @puresip/web/webrtc (a fake microphone). The test drives it through
// `globalThis.sipCall` and reads what happened from `state` (plain data, so page.evaluate can
// return it).
import * as E from "fp-ts/lib/Either.js";
import type { UsageKey } from "@puresip/ua";
import { createPhone } from "../src/index.js";
import type { Phone } from "../src/index.js";
import { acceptAnswer, answerBody, offerBody } from "../src/webrtc/index.js";

interface State {
  registered: string;
  incoming: number;
  established: number;
  ice: string;
  /** The direction our last local description gave the audio (RFC 3264 §8.4: sendonly on hold). */
  localDirection: string;
  /** The direction of the peer's last description. */
  remoteDirection: string;
  /** Re-INVITEs this side answered. */
  reoffersAnswered: number;
  /** CallEnded's reason, `_tag` and all, as JSON. */
  ended: string;
  /** The methods of the requests this phone received, in order. */
  received: Array<string>;
  errors: Array<string>;
}

const state: State = { registered: "", incoming: 0, established: 0, ice: "new", localDirection: "", remoteDirection: "", reoffersAnswered: 0, ended: "", received: [], errors: [] };
let phone: Phone | undefined;
let pc: RTCPeerConnection | undefined;
let call: UsageKey | undefined;
let initialAnswer = true;

const direction = (sdp: string): string => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp.slice(sdp.indexOf("m=audio")))?.[1] ?? "sendrecv";
const text = (content: Uint8Array): string => new TextDecoder().decode(content);

/** A peer connection with the fake microphone's track, its ICE state in `state.ice`. */
const peer = async (): Promise<RTCPeerConnection> => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const made = new RTCPeerConnection();
  for (const track of stream.getTracks()) made.addTrack(track, stream);
  made.addEventListener("iceconnectionstatechange", () => {
    state.ice = made.iceConnectionState;
  });
  return made;
};

const noted = (what: string, e: E.Either<string, unknown>): void => {
  if (E.isLeft(e)) state.errors.push(`${what}: ${e.left}`);
};

const wire = (p: Phone): void => {
  p.on("event", (e) => {
    if (e._tag === "CallEnded") state.ended = JSON.stringify(e.reason);
  });
  p.on("CallEstablished", () => {
    state.established += 1;
  });
  p.on("IncomingCall", (e) => {
    state.incoming += 1;
    call = e.call;
    void (async () => {
      pc = await peer();
      p.ring(e.call);
      const answer = await answerBody(pc, { type: "application/sdp", content: e.invite.body });
      noted("answer", answer);
      if (E.isLeft(answer)) {
        p.reject(e.call, 488);
        return;
      }
      state.localDirection = direction(text(answer.right.content));
      state.remoteDirection = direction(text(e.invite.body));
      p.answer(e.call, answer.right);
    })();
  });
  // A re-INVITE with an offer (hold, resume): answered by the peer connection (RFC 3264 §8).
  p.on("InDialogRequest", (e) => {
    if (e.request.method !== "INVITE" || pc === undefined) {
      p.command({ _tag: "RespondTo", call: e.call, request: e.request, status: 200 });
      return;
    }
    const connection = pc;
    void (async () => {
      const answer = await answerBody(connection, { type: "application/sdp", content: e.request.body });
      noted("re-answer", answer);
      if (E.isLeft(answer)) {
        p.command({ _tag: "RespondTo", call: e.call, request: e.request, status: 488 });
        return;
      }
      state.remoteDirection = direction(text(e.request.body));
      state.localDirection = direction(text(answer.right.content));
      state.reoffersAnswered += 1;
      p.command({ _tag: "RespondTo", call: e.call, request: e.request, status: 200, body: answer.right });
    })();
  });
  // The answer in the 2xx to our INVITE (the re-INVITEs' come with ReofferDone).
  p.on("RemoteBody", (e) => {
    if (!initialAnswer || pc === undefined || e.status < 200) return;
    initialAnswer = false;
    const connection = pc;
    state.remoteDirection = direction(text(e.body.content));
    void acceptAnswer(connection, e.body).then((r) => {
      noted("accept", r);
    });
  });
};

/** Registers `aor` over a WebSocket to `server`; resolves with what the registration said. */
const start = async (server: string, aor: string): Promise<string> => {
  const p = await createPhone({ server, aor, trace: (t) => {
    if (t.direction === "received" && t.message._tag === "Request") state.received.push(t.message.method);
  } });
  phone = p;
  wire(p);
  const outcome = await p.register();
  state.registered = outcome._tag;
  return outcome._tag;
};

/** Calls `target` with a WebRTC offer. */
const dial = async (target: string): Promise<void> => {
  if (phone === undefined) throw new Error("not started");
  pc = await peer();
  const offer = await offerBody(pc);
  noted("offer", offer);
  if (E.isLeft(offer)) return;
  state.localDirection = direction(text(offer.right.content));
  call = await phone.call(target, { body: offer.right });
};

/** RFC 3264 §8.4: a new offer with the audio `sendonly` (hold) or `sendrecv` (resume), by re-INVITE; resolves with its status. */
const redirect = async (to: "sendonly" | "sendrecv"): Promise<number> => {
  if (phone === undefined || pc === undefined || call === undefined) throw new Error("no call");
  for (const t of pc.getTransceivers()) t.direction = to;
  const offer = await offerBody(pc);
  noted("re-offer", offer);
  if (E.isLeft(offer)) return 0;
  state.localDirection = direction(text(offer.right.content));
  const done = await phone.reoffer(call, offer.right);
  if (done.body !== undefined) {
    state.remoteDirection = direction(text(done.body.content));
    noted("re-accept", await acceptAnswer(pc, done.body));
  }
  return done.status;
};

const hangup = (): void => {
  if (phone !== undefined && call !== undefined) phone.hangup(call);
};

(globalThis as unknown as { sipCall: unknown }).sipCall = { start, dial, hold: () => redirect("sendonly"), resume: () => redirect("sendrecv"), hangup, state: () => ({ ...state, received: [...state.received], errors: [...state.errors] }) };
