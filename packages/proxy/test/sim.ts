// The proxy and UA cores on @puresip/testkit's simulated network, all on the kernel's engine:
// alice (10.0.0.1) calls bob@example.com through the proxy (10.0.0.5); bob's devices
// (10.0.0.2–4) register at it. Every node name is its address; packets go to port 5060.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { defaultSessionConfig } from "@puresip/dialog";
import type { Peer } from "@puresip/kernel";
import { seedFromWords, snapshotCodec } from "@puresip/kernel";
import { parseMessage, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { Endpoint, Network, NodeInput, Policy, SimNode, Wire } from "@puresip/testkit";
import { createNetwork, engineEndpoint, restoreNode, run, simNode, trace } from "@puresip/testkit";
import { defaultLayerConfig } from "@puresip/transaction";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaState } from "@puresip/ua";
import { basicCapabilities, initialState, uaElement } from "@puresip/ua";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { ProxyApp, ProxyCommand, ProxyConfig, ProxyEntry, ProxyState } from "../src/index.js";
import { baseConfig, defaultRoute, proxyElement } from "../src/index.js";

export const ALICE = "10.0.0.1";
export const PROXY = "10.0.0.5";
export const DEVICES = ["10.0.0.2", "10.0.0.3", "10.0.0.4"] as const;

type UaNode = SimNode<UaState, StoreEntry, UaCommand, AppEvent>;
type ProxyNode = SimNode<ProxyState, ProxyEntry, ProxyCommand, ProxyApp>;
type AnyNode = UaNode | ProxyNode;

const uri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(`bad URI ${text}`);
  return u.right;
};

const uaConfig = (user: string, ip: string): UaConfig => ({
  aor: uri(`sip:${user}@example.com`),
  displayName: user,
  contact: uri(`sip:${user}@${ip}:5060`),
  sentBy: { host: { _tag: "IPv4", value: ip }, port: 5060, transport: "UDP" },
  outboundProxy: [uri(`sip:${PROXY};lr`)],
  capabilities: basicCapabilities,
  credentials: [],
  media: {
    username: "-",
    sessionId: "2890844526",
    addrType: "IP4",
    address: ip,
    media: [{ media: "audio", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }],
  },
  layer: defaultLayerConfig,
  session: defaultSessionConfig,
  registerExpires: 3600,
});

const proxyPeer: Peer = { transport: "UDP", host: PROXY, port: 5060 };

export const proxyConfig = (over: Partial<ProxyConfig> = {}): ProxyConfig => ({
  ...baseConfig([proxyPeer], defaultRoute),
  domains: ["example.com"],
  recordRoute: true,
  registrar: O.some(defaultRegistrarConfig),
  ...over,
});

const ua = (name: string, ip: string, seed: number, policy: Policy<UaCommand, AppEvent>): UaNode =>
  simNode({ name, element: uaElement(uaConfig(name, ip)), start: { state: initialState([seed, seed * 7 + 1]), entries: [] }, policy });

const uaEndpoint = engineEndpoint<UaState, StoreEntry, UaCommand, AppEvent>();
const proxyEndpoint = engineEndpoint<ProxyState, ProxyEntry, ProxyCommand, ProxyApp>();
const isProxy = (n: AnyNode): n is ProxyNode => n.name === "proxy";

/** The proxy takes no command in these runs (its location service is its own registrar). */
const forProxy = (input: NodeInput<Wire, UaCommand>): NodeInput<Wire, ProxyCommand> =>
  input._tag === "Command" ? { _tag: "Wake", now: input.now } : input;

const endpoint: Endpoint<AnyNode, Wire, UaCommand> = {
  deadline: (n) => (isProxy(n) ? proxyEndpoint.deadline(n) : uaEndpoint.deadline(n)),
  step: (n, input) => (isProxy(n) ? proxyEndpoint.step(n, forProxy(input)) : uaEndpoint.step(n, input)),
};

export type Net = Network<AnyNode, Wire, UaCommand>;

/** Callee policies. */
export const ringAndAnswer = (ms: number): Policy<UaCommand, AppEvent> => (e) =>
  e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }, { delay: ms, command: { _tag: "Answer", call: e.call } }] : [];
export const ringOnly: Policy<UaCommand, AppEvent> = (e) => (e._tag === "IncomingCall" ? [{ delay: 0, command: { _tag: "Ring", call: e.call } }] : []);
export const reject = (status: number, ms = 0): Policy<UaCommand, AppEvent> => (e) =>
  e._tag === "IncomingCall" ? [{ delay: ms, command: { _tag: "Reject", call: e.call, status } }] : [];
/** Caller: hang up `ms` after the call is established. */
export const hangUpAfter = (ms: number): Policy<UaCommand, AppEvent> => (e) =>
  e._tag === "CallEstablished" ? [{ delay: ms, command: { _tag: "Hangup", call: e.call } }] : [];

export interface Device {
  readonly policy: Policy<UaCommand, AppEvent>;
}

/**
 * bob's devices register, then alice calls bob@example.com at 1 s. With `restoreAt`, the proxy
 * is stopped at that time and started again from its snapshot, sent through JSON and its codec
 * (what a shared store or a restart would do).
 */
export const callThroughProxy = (devices: ReadonlyArray<Device>, alicePolicy: Policy<UaCommand, AppEvent>, over: Partial<ProxyConfig> = {}, stateless = false, restoreAt?: number): Net => {
  const nodes: Record<string, AnyNode> = {
    [ALICE]: ua("alice", ALICE, 11, alicePolicy),
    [PROXY]: simNode({ name: "proxy", element: proxyElement(proxyConfig(over), { stateless }), start: { state: { seed: seedFromWords([5]), aors: 0 }, entries: [] } }),
  };
  devices.forEach((d, i) => {
    const ip = DEVICES[i] ?? "10.0.0.9";
    nodes[ip] = ua("bob", ip, 21 + i, d.policy);
  });
  const net = createNetwork<AnyNode, Wire, UaCommand>({
    seed: 7,
    nodes,
    defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
    agenda: [
      ...devices.map((_, i) => ({ at: 0, node: DEVICES[i] ?? "10.0.0.9", command: { _tag: "Register" as const, id: "bob", registrar: uri(`sip:${PROXY}`) } })),
      { at: 1000, node: ALICE, command: { _tag: "MakeCall", to: uri("sip:bob@example.com") } },
    ],
  });
  const first = run(endpoint, { maxSteps: 50_000, until: restoreAt ?? 600_000 })(net);
  if (E.isLeft(first)) throw new Error(first.left.reason);
  if (restoreAt === undefined) return first.right;
  const proxy = first.right.nodes[PROXY];
  if (proxy === undefined || !isProxy(proxy)) throw new Error("no proxy");
  const codec = snapshotCodec(proxy.element.codec);
  const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(proxy.engine.snapshot()))));
  if (E.isLeft(back)) throw new Error("the snapshot does not decode");
  restoreNode(proxy, back.right);
  const rest = run(endpoint, { maxSteps: 50_000, until: 600_000 })(first.right);
  if (E.isLeft(rest)) throw new Error(rest.left.reason);
  return rest.right;
};

const label = (m: Wire): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  return parsed.right._tag === "Request" ? parsed.right.method : String(parsed.right.status);
};

const names: Record<string, string> = { [ALICE]: "alice", [PROXY]: "proxy", [DEVICES[0]]: "bob1", [DEVICES[1]]: "bob2", [DEVICES[2]]: "bob3" };

/** The ladder as `from->to label` lines, REGISTERs left out. */
export const ladder = (net: Net): ReadonlyArray<string> =>
  trace(net).flatMap((e) => {
    if (e._tag !== "Sent") return [];
    const l = label(e.message);
    const parsed = parseMessage(e.message);
    const register = E.isRight(parsed) && parsed.right.core.cseq?.method === "REGISTER";
    return register ? [] : [`${names[e.from] ?? e.from}->${names[e.to] ?? e.to} ${l}`];
  });

export const eventsOf = (net: Net, ip: string): ReadonlyArray<string> => {
  const n = net.nodes[ip];
  return (n?.log ?? []).map((l) => {
    const e = l.event as { readonly _tag: string; readonly status?: number; readonly reason?: string };
    return [e._tag, e.status, e.reason].filter((x) => x !== undefined).join(" ");
  });
};

export const proxyRegistry = (net: Net): ReadonlyMap<string, unknown> => {
  const n = net.nodes[PROXY];
  return n === undefined ? new Map() : n.engine.registry;
};
