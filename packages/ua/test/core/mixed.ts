// One UA core and one scripted peer on the simulated network.
import * as E from "fp-ts/lib/Either.js";
import { createNetwork, run, trace } from "@puresip/testkit";
import type { Endpoint, Network } from "@puresip/testkit";
import { parseMessage } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { createAnswer, parseSdp, serializeSdp } from "@puresip/sdp";
import type { UaCommand, UaConfig } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { audio, endpoint, node, uaConfig, wireLabel } from "./harness.js";
import type { Handler, Scripted, digestServer } from "./scripted.js";
import { reply, scripted, scriptedEndpoint } from "./scripted.js";

export const UA = "10.0.0.1";
export const PEER = "10.0.0.9";

/** The peer's Contact in its responses. */
export const peerContact = { name: "Contact", value: `<sip:bob@${PEER}:5060>` };

/** The peer's SDP answer (RFC 3264) to the offer in `invite`. */
export const answerFor = (invite: SipRequest): Uint8Array => {
  const offer = parseSdp(new TextDecoder().decode(invite.body));
  if (E.isLeft(offer)) throw new Error("no offer");
  const answer = createAnswer({ ...audio, address: PEER })(offer.right);
  if (E.isLeft(answer)) throw new Error("no answer");
  return new TextEncoder().encode(serializeSdp(answer.right));
};

type Either2 = UaNode | Scripted;
const isUa = (s: Either2): s is UaNode => "engine" in s;

const both: Endpoint<Either2, Wire, UaCommand> = {
  deadline: (s) => (isUa(s) ? endpoint.deadline(s) : scriptedEndpoint.deadline(s)),
  step: (s, input) => (isUa(s) ? endpoint.step(s, input) : scriptedEndpoint.step(s, input)),
};

export type MixedNet = Network<Either2, Wire, UaCommand>;

export const withPeer = (
  handler: Handler,
  agenda: ReadonlyArray<{ readonly at: number; readonly command: UaCommand }>,
  config: Partial<UaConfig> = {},
  policy: Policy = () => [],
): MixedNet => {
  const net = createNetwork<Either2, Wire, UaCommand>({
    seed: 3,
    nodes: { [UA]: node("ua", uaConfig("alice", UA, config), 5, policy), [PEER]: scripted(handler) },
    defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
    agenda: agenda.map((a) => ({ at: a.at, node: UA, command: a.command })),
  });
  const done = run(both, { maxSteps: 5000 })(net);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right;
};

export const uaOf = (net: MixedNet): UaNode => {
  const n = net.nodes[UA];
  if (n === undefined || !isUa(n)) throw new Error("no UA");
  return n;
};

export const ladderOf = (net: MixedNet): ReadonlyArray<string> =>
  trace(net).flatMap((e) => (e._tag === "Sent" ? [`${e.from === UA ? "ua" : "peer"}: ${wireLabel(e.message)}`] : []));

/** The requests the UA sent, parsed back. */
export const requestsSent = (net: MixedNet): ReadonlyArray<SipRequest> =>
  trace(net).flatMap((e) => {
    if (e._tag !== "Sent" || e.from !== UA) return [];
    const m = parseMessage(e.message);
    return E.isRight(m) && m.right._tag === "Request" ? [m.right] : [];
  });

/**
 * A callee behind `server`'s challenge (§22.2, §22.3): an INVITE without its credentials gets
 * the challenge, one with them 180 and a 200 with the SDP answer; `onBye` answers the BYE.
 */
export const challengingCallee =
  (server: ReturnType<typeof digestServer>, onBye: (bye: SipRequest) => ReturnType<Handler>): Handler =>
  (r) => {
    if (r.method === "INVITE") {
      if (server.check(r) !== "ok") return [reply(r, server.status, [server.challenge()])];
      return [reply(r, 180, [peerContact]), reply(r, 200, [peerContact, { name: "Content-Type", value: "application/sdp" }], answerFor(r))];
    }
    return r.method === "BYE" ? onBye(r) : [];
  };
