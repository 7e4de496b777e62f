// Two UAs on the simulated network, with scripted applications, and the ladder of a run.
import * as E from "fp-ts/lib/Either.js";
import { createNetwork, run, trace } from "@puresip/testkit";
import type { LinkConfig, Network } from "@puresip/testkit";
import type { UaCommand } from "../../src/index.js";
import type { Policy, UaNode, Wire } from "./harness.js";
import { endpoint, node, uaConfig, wireLabel } from "./harness.js";
import type { UaConfig } from "../../src/index.js";

export type Net = Network<UaNode, Wire, UaCommand>;

export const ALICE = "10.0.0.1";
export const BOB = "10.0.0.2";

/** Callee: ring at once, answer after `ms`. */
export const answerAfter =
  (ms: number, ring = true): Policy =>
  (e) =>
    e._tag === "IncomingCall" ? [...(ring ? [{ delay: 0, command: { _tag: "Ring" as const, call: e.call } }] : []), { delay: ms, command: { _tag: "Answer" as const, call: e.call } }] : [];

export const idle: Policy = () => [];

export interface FlowOptions {
  readonly alice?: Partial<UaConfig>;
  readonly bob?: Partial<UaConfig>;
  readonly alicePolicy?: Policy;
  readonly bobPolicy?: Policy;
  readonly link?: LinkConfig;
  readonly seed?: number;
  readonly maxSteps?: number;
}

export const twoUas = (agenda: ReadonlyArray<{ readonly at: number; readonly node: string; readonly command: UaCommand }>, options: FlowOptions = {}): Net =>
  createNetwork<UaNode, Wire, UaCommand>({
    seed: options.seed ?? 7,
    nodes: {
      [ALICE]: node("alice", uaConfig("alice", ALICE, options.alice), 11, options.alicePolicy ?? idle),
      [BOB]: node("bob", uaConfig("bob", BOB, options.bob), 22, options.bobPolicy ?? idle),
    },
    defaultLink: options.link ?? { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
    agenda,
  });

export const runAll = (net: Net, maxSteps = 20_000): Net => {
  const done = run(endpoint, { maxSteps })(net);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right;
};

const names: Record<string, string> = { [ALICE]: "alice", [BOB]: "bob" };
const nameOf = (ip: string): string => names[ip] ?? ip;

/** The ladder as `from->to label` lines, for comparison with the RFC's figure. */
export const messages = (net: Net): ReadonlyArray<string> =>
  trace(net).flatMap((e) => (e._tag === "Sent" ? [`${nameOf(e.from)}->${nameOf(e.to)} ${wireLabel(e.message)}`] : []));

/** The sent messages themselves, parsed back, in order. */
export const sent = (net: Net): ReadonlyArray<{ readonly from: string; readonly to: string; readonly bytes: Wire }> =>
  trace(net).flatMap((e) => (e._tag === "Sent" ? [{ from: nameOf(e.from), to: nameOf(e.to), bytes: e.message }] : []));

export const nodeOf = (net: Net, ip: string): UaNode => {
  const n = net.nodes[ip];
  if (n === undefined) throw new Error(`no node ${ip}`);
  return n;
};
