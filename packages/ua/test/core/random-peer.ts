// A random SIP peer for the UA core's deadline property (issue #15 §2): it sends the UA
// INVITEs (with or without Expires), CANCELs, BYEs and ACKs at scripted instants, and answers
// the UA's requests by a script too: nothing at all, a provisional and then silence, a 2xx, a
// failure; a CANCEL with nothing, its 200, or its 200 and the 487. No transaction layer: what the
// link loses stays lost, and nothing is ever retransmitted.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseMessage, serializeMessage } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { Endpoint, NodeOutput } from "@puresip/testkit";
import type { UaCommand } from "../../src/index.js";
import type { Wire } from "./harness.js";
import { reply } from "./scripted.js";

/** What the peer sends on its own, at `at`, for its call `n`. */
export type PeerAction = { readonly at: number; readonly n: number } & (
  | { readonly _tag: "Invite"; readonly expires: number | undefined }
  | { readonly _tag: "Cancel" | "Bye" | "Ack" }
);

/** How the peer answers an INVITE from the UA. */
export type InviteAnswer = "Silent" | "Trying" | "Ring" | "RingAnswer" | "Answer" | "Reject";
/** How the peer answers a CANCEL from the UA (§9.2, or an RFC 2543 peer that never sends the 487, or nothing). */
export type CancelAnswer = "Silent" | "Ok" | "OkAnd487";

export interface RandomPeer {
  readonly ip: string;
  readonly ua: string;
  readonly script: ReadonlyArray<PeerAction>;
  readonly inviteAnswers: ReadonlyArray<InviteAnswer>;
  readonly cancelAnswer: CancelAnswer;
  readonly answerBye: boolean;
  /** Mutable test state: the next action, the INVITEs answered, the UA's To tags of our calls, the UA's INVITEs by Call-ID. */
  readonly progress: { next: number; answered: number };
  readonly uaTags: Map<number, string>;
  readonly invites: Map<string, SipRequest>;
}

export const randomPeer = (ip: string, ua: string, script: ReadonlyArray<PeerAction>, inviteAnswers: ReadonlyArray<InviteAnswer>, cancelAnswer: CancelAnswer, answerBye: boolean): RandomPeer => ({
  ip,
  ua,
  script: [...script].sort((a, b) => a.at - b.at),
  inviteAnswers,
  cancelAnswer,
  answerBye,
  progress: { next: 0, answered: 0 },
  uaTags: new Map(),
  invites: new Map(),
});

const encoder = new TextEncoder();

/** The peer's own request for its call `n` (§8.1.1), as octets. */
const request = (p: RandomPeer, a: PeerAction): Wire => {
  const uaTag = p.uaTags.get(a.n);
  const method = a._tag === "Invite" ? "INVITE" : a._tag.toUpperCase();
  // §9.1: a CANCEL has the INVITE's branch and a To without tag; an ACK of a 2xx and a BYE are new transactions.
  const branch = a._tag === "Invite" || a._tag === "Cancel" ? `z9hG4bKpi${a.n}` : `z9hG4bKp${a._tag}${a.n}`;
  const to = a._tag === "Invite" || a._tag === "Cancel" || uaTag === undefined ? "<sip:alice@example.com>" : `<sip:alice@example.com>;tag=${uaTag}`;
  const seq = a._tag === "Bye" ? "2 BYE" : `1 ${method}`;
  const lines = [
    `${method} sip:alice@${p.ua}:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP ${p.ip}:5060;branch=${branch}`,
    "Max-Forwards: 70",
    `To: ${to}`,
    `From: <sip:peer@example.com>;tag=pt${a.n}`,
    `Call-ID: pc${a.n}@${p.ip}`,
    `CSeq: ${seq}`,
    ...(a._tag === "Invite" ? [`Contact: <sip:peer@${p.ip}:5060>`] : []),
    ...(a._tag === "Invite" && a.expires !== undefined ? [`Expires: ${a.expires}`] : []),
    "Content-Length: 0",
  ];
  return encoder.encode(`${lines.join("\r\n")}\r\n\r\n`);
};

const contact = (p: RandomPeer) => [{ name: "Contact", value: `<sip:peer@${p.ip}:5060>` }];

/** The peer's answers to a request from the UA. */
const answers = (p: RandomPeer, r: SipRequest): ReadonlyArray<SipResponse> => {
  const tag = `pr${p.progress.answered}`;
  switch (r.method) {
    case "INVITE": {
      p.invites.set(r.core.callId ?? "", r);
      const plan = p.inviteAnswers[p.progress.answered++ % Math.max(1, p.inviteAnswers.length)] ?? "Silent";
      // RFC 3264 §6: our answer repeats the offer's formats (the UA's own description, echoed).
      const sdp = [{ name: "Content-Type", value: "application/sdp" }, ...contact(p)];
      switch (plan) {
        case "Silent":
          return [];
        case "Trying":
          return [reply(r, 100)];
        case "Ring":
          return [reply(r, 180, contact(p), undefined, tag)];
        case "RingAnswer":
          return [reply(r, 180, contact(p), undefined, tag), reply(r, 200, sdp, r.body, tag)];
        case "Answer":
          return [reply(r, 200, sdp, r.body, tag)];
        case "Reject":
          return [reply(r, 486, [], undefined, tag)];
      }
      return [];
    }
    case "CANCEL": {
      const invite = p.invites.get(r.core.callId ?? "");
      if (p.cancelAnswer === "Silent") return [];
      return [reply(r, 200), ...(p.cancelAnswer === "OkAnd487" && invite !== undefined ? [reply(invite, 487, [], undefined, "pr487")] : [])];
    }
    case "BYE":
      return p.answerBye ? [reply(r, 200)] : [];
    default:
      return [];
  }
};

/** Notes the UA's To tag from its responses to our INVITEs, so our BYE and ACK can name the dialog. */
const heard = (p: RandomPeer, response: SipResponse): void => {
  const n = /^pc(\d+)@/.exec(response.core.callId ?? "")?.[1];
  const uaTag = response.core.to?.params.find((x) => x.name.toLowerCase() === "tag")?.value;
  if (n !== undefined && uaTag !== undefined) p.uaTags.set(Number(n), uaTag);
};

export const randomPeerEndpoint: Endpoint<RandomPeer, Wire, UaCommand> = {
  deadline: (p) => O.fromNullable(p.script[p.progress.next]?.at),
  step: (p, input) => {
    const out: Array<NodeOutput<Wire>> = [];
    if (input._tag === "Deliver") {
      const parsed = parseMessage(input.message);
      if (E.isLeft(parsed)) return [p, []];
      if (parsed.right._tag === "Response") heard(p, parsed.right);
      else for (const r of answers(p, parsed.right)) out.push({ _tag: "Send", to: input.from, message: serializeMessage(r) });
    }
    for (let a = p.script[p.progress.next]; a !== undefined && a.at <= input.now; a = p.script[p.progress.next]) {
      p.progress.next += 1;
      out.push({ _tag: "Send", to: p.ua, message: request(p, a) });
    }
    return [p, out];
  },
};
