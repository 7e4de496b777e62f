// Carol's UA core driven message by message, with dialogs in every state RFC 3891 §3 tells
// apart: an incoming call ringing (an early dialog she did not initiate), one she answered, one
// she made that rings (an early dialog of hers), one she made that was answered, and one she is
// hanging up. Peers are plain text messages.
import { Methods, createResponse, tag } from "@puresip/message";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import type { AppEvent, UaConfig, UsageKey } from "../../src/index.js";
import { capabilities, peerOf, uaConfig, uri } from "./harness.js";
import { parseRequest } from "../fixtures.js";
import { driver, must } from "./step-driver.js";

export const CAROL = "10.0.0.3";

export const carolConfig = (extensions: ReadonlyArray<string> = ["replaces"]): UaConfig =>
  uaConfig("carol", CAROL, { capabilities: { ...capabilities, methods: [...capabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY, Methods.REFER], extensions: [...capabilities.extensions, ...extensions] } });

export type DialogKind = "IncomingEarly" | "IncomingConfirmed" | "OutgoingEarly" | "OutgoingConfirmed" | "Terminating";

/** One of Carol's dialogs: its call, Call-ID, Carol's tag and the peer's tag, and who the peer is. */
export interface CarolDialog {
  readonly kind: DialogKind;
  readonly call: UsageKey;
  readonly callId: string;
  readonly carolTag: string;
  readonly peerTag: string;
  readonly peer: string;
}

let branches = 0;

/** A request from `peer` (user@example.com at `ip`) to Carol. */
export const fromPeer = (o: {
  readonly method: string;
  readonly user: string;
  readonly ip: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag?: string;
  readonly seq?: number;
  readonly headers?: ReadonlyArray<string>;
  /** An SDP body (Content-Type application/sdp). */
  readonly sdp?: string;
}): SipRequest => {
  branches += 1;
  const body = o.sdp ?? "";
  return parseRequest(
    [
      `${o.method} sip:carol@${CAROL}:5060 SIP/2.0`,
      `Via: SIP/2.0/UDP ${o.ip}:5060;branch=z9hG4bK${o.user}${String(branches)}`,
      "Max-Forwards: 70",
      `From: <sip:${o.user}@example.com>;tag=${o.fromTag}`,
      `To: <sip:carol@example.com>${o.toTag === undefined ? "" : `;tag=${o.toTag}`}`,
      `Call-ID: ${o.callId}`,
      `CSeq: ${String(o.seq ?? 1)} ${o.method}`,
      `Contact: <sip:${o.user}@${o.ip}:5060>`,
      ...(o.headers ?? []),
      ...(o.sdp === undefined ? [] : ["Content-Type: application/sdp"]),
      `Content-Length: ${String(new TextEncoder().encode(body).length)}`,
      "",
      body,
    ].join("\r\n"),
  );
};

const isRequest = (m: SipMessage, method: string): m is SipRequest => m._tag === "Request" && m.method === method;
const isResponse = (m: SipMessage, status: number): m is SipResponse => m._tag === "Response" && m.status === status;

/** Carol, and ways to put her dialogs in each state. */
export const carol = (extensions?: ReadonlyArray<string>) => {
  const d = driver(carolConfig(extensions), peerOf("192.0.2.77"), [3, 1, 4, 1]);
  let now = 0;
  const feed = (event: Parameters<typeof d.feed>[0]) => d.feed(event);
  const receive = (message: SipMessage, ip: string) => {
    now += 10;
    return feed({ _tag: "Received", now, message, source: peerOf(ip) });
  };
  const command = (c: Extract<Parameters<typeof d.feed>[0], { _tag: "Command" }>["command"]) => {
    now += 10;
    return feed({ _tag: "Command", now, command: c });
  };
  const incomingKey = (events: ReadonlyArray<AppEvent>): Extract<AppEvent, { _tag: "IncomingCall" }> => {
    const e = events.find((x) => x._tag === "IncomingCall");
    if (e?._tag !== "IncomingCall") throw new Error(`no IncomingCall in ${events.map((x) => x._tag).join(",")}`);
    return e;
  };
  const toTagOf = (m: SipMessage): string => m.core.to?.params.find((p) => p.name === "tag")?.value ?? "";

  /** A peer's call to Carol, ringing (180 sent). */
  const incomingEarly = (peer: string, ip: string, callId: string, peerTag: string): CarolDialog => {
    const call = incomingKey(receive(fromPeer({ method: "INVITE", user: peer, ip, callId, fromTag: peerTag }), ip).delivered).call;
    const ring = command({ _tag: "Ring", call }).sent.find((m) => isResponse(m, 180));
    if (ring === undefined) throw new Error("no 180");
    return { kind: "IncomingEarly", call, callId, carolTag: toTagOf(ring), peerTag, peer };
  };
  /** ... answered and ACKed. */
  const incomingConfirmed = (peer: string, ip: string, callId: string, peerTag: string): CarolDialog => {
    const early = incomingEarly(peer, ip, callId, peerTag);
    const ok = command({ _tag: "Answer", call: early.call }).sent.find((m) => isResponse(m, 200));
    if (ok === undefined) throw new Error("no 200");
    receive(fromPeer({ method: "ACK", user: peer, ip, callId, fromTag: peerTag, toTag: early.carolTag }), ip);
    return { ...early, kind: "IncomingConfirmed" };
  };
  const makeCall = (peer: string): { readonly call: UsageKey; readonly invite: SipRequest } => {
    const out = command({ _tag: "MakeCall", to: uri(`sip:${peer}@example.com`) });
    const created = out.delivered.find((e) => e._tag === "CallCreated");
    const invite = out.sent.find((m) => isRequest(m, "INVITE"));
    if (created?._tag !== "CallCreated" || invite === undefined) throw new Error("no INVITE");
    return { call: created.call, invite };
  };
  const answerOf = (invite: SipRequest, status: number, peer: string, ip: string, peerTag: string): SipResponse =>
    must(createResponse(status, { toTag: must(tag(peerTag)), headers: [{ name: "Contact", value: `<sip:${peer}@${ip}:5060>` }] })(invite));
  /** Carol's call to a peer, ringing (a 180 with the peer's tag came). */
  const outgoingEarly = (peer: string, ip: string, peerTag: string): CarolDialog => {
    const { call, invite } = makeCall(peer);
    receive(answerOf(invite, 180, peer, ip, peerTag), ip);
    return { kind: "OutgoingEarly", call, callId: invite.core.callId ?? "", carolTag: invite.core.from?.params.find((p) => p.name === "tag")?.value ?? "", peerTag, peer };
  };
  /** ... answered (Carol ACKed). */
  const outgoingConfirmed = (peer: string, ip: string, peerTag: string): CarolDialog => {
    const { call, invite } = makeCall(peer);
    receive(answerOf(invite, 200, peer, ip, peerTag), ip);
    return { kind: "OutgoingConfirmed", call, callId: invite.core.callId ?? "", carolTag: invite.core.from?.params.find((p) => p.name === "tag")?.value ?? "", peerTag, peer };
  };
  /** An answered call Carol hangs up (her BYE is unanswered). */
  const terminating = (peer: string, ip: string, callId: string, peerTag: string): CarolDialog => {
    const confirmed = incomingConfirmed(peer, ip, callId, peerTag);
    command({ _tag: "Hangup", call: confirmed.call });
    return { ...confirmed, kind: "Terminating" };
  };
  /**
   * The peer's REFER to Carol in `dialog` (RFC 3515 §2.4.4: its subscription shares the call's
   * dialog), CSeq `seq`: what Carol sent and delivered, and the notifier usage it created.
   */
  const peerRefer = (dialog: CarolDialog, ip: string, seq: number) => {
    const out = receive(fromPeer({ method: "REFER", user: dialog.peer, ip, callId: dialog.callId, fromTag: dialog.peerTag, toTag: dialog.carolTag, seq, headers: ["Refer-To: <sip:bob@example.com>"] }), ip);
    const notice = out.delivered.find((e) => e._tag === "Subscription");
    return { out, subscription: notice?._tag === "Subscription" ? notice.subscription : undefined };
  };
  /** `peerRefer`, then Carol accepts it (RFC 3515 §2.4.2: 202 and a NOTIFY) or refuses it (603): all she sent, and the subscription. */
  const answerPeerRefer = (dialog: CarolDialog, ip: string, seq: number, accept: boolean) => {
    const { out, subscription } = peerRefer(dialog, ip, seq);
    if (subscription === undefined) return { sent: out.sent, subscription };
    const decided = command(accept ? { _tag: "AcceptSubscription", subscription } : { _tag: "RejectSubscription", subscription, status: 603 });
    return { sent: [...out.sent, ...decided.sent], subscription };
  };
  return { d, receive, command, incomingEarly, incomingConfirmed, outgoingEarly, outgoingConfirmed, terminating, peerRefer, answerPeerRefer, toTagOf, isRequest, isResponse };
};

/** The Replaces header naming `dialog` as Carol sees it (to-tag hers, from-tag the peer's), RFC 3891 §3. */
export const replacesOf = (dialog: CarolDialog, extra = ""): string => `Replaces: ${dialog.callId};to-tag=${dialog.carolTag};from-tag=${dialog.peerTag}${extra}`;
