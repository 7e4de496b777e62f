// Parties (UA cores with media) and one B2BUA or third-party controller (a UA core without
// media, with the application on it, one kernel element) on @puresip/testkit's simulated
// network. Node names are addresses: alice 10.0.0.1, bob 10.0.0.2, carol 10.0.0.3, the middle 10.0.0.5.
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import type { Application, Composed } from "@puresip/kernel";
import { snapshotCodec, withApplication } from "@puresip/kernel";
import { Methods, parseMessage, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { Endpoint, LinkConfig, Network, NodeInput, Policy, SimNode, Wire } from "@puresip/testkit";
import { createNetwork, engineEndpoint, restoreNode, run, simNode, trace } from "@puresip/testkit";
import { defaultLayerConfig } from "@puresip/transaction";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaState } from "@puresip/ua";
import { basicCapabilities, initialState, uaElement } from "@puresip/ua";
import type { ControllerCommand } from "../src/index.js";

export const ALICE = "10.0.0.1";
export const BOB = "10.0.0.2";
export const CAROL = "10.0.0.3";
export const MIDDLE = "10.0.0.5";
const names: Readonly<Record<string, string>> = { [ALICE]: "alice", [BOB]: "bob", [CAROL]: "carol", [MIDDLE]: "mid" };

export type Cmd = UaCommand | ControllerCommand;
type UaNode = SimNode<UaState, StoreEntry, UaCommand, AppEvent>;
// The middle node's own types vary with its application; the network only steps it.
type MiddleNode = SimNode<Composed<UaState, unknown>, unknown, Cmd, { readonly _tag: string }>;
export type AnyNode = UaNode | MiddleNode;
export type Net = Network<AnyNode, Wire, Cmd>;

export const uri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(`bad URI ${text}`);
  return u.right;
};

const capabilities = {
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.UPDATE, Methods.INFO],
  contentTypes: [...basicCapabilities.contentTypes, { type: "application", subtype: "dtmf-relay", params: [] }],
};

export const uaConfig = (user: string, ip: string, media: boolean): UaConfig => ({
  aor: uri(`sip:${user}@example.com`),
  displayName: user,
  contact: uri(`sip:${user}@${ip}:5060`),
  sentBy: { host: { _tag: "IPv4", value: ip }, port: 5060, transport: "UDP" },
  capabilities,
  credentials: [],
  ...(media
    ? { media: { username: "-", sessionId: String(ip.length * 1000 + ip.charCodeAt(ip.length - 1)), addrType: "IP4" as const, address: ip, media: [{ media: "audio" as const, proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] } }
    : {}),
  layer: defaultLayerConfig,
  session: defaultSessionConfig,
  registerExpires: 3600,
});

export const party = (user: string, ip: string, seed: number, policy: Policy<UaCommand, AppEvent>): UaNode =>
  simNode({ name: user, element: uaElement(uaConfig(user, ip, true)), start: { state: initialState([seed, seed * 7 + 1]), entries: [] }, policy });

/** The middle node: the UA core without media, with `application` on it. */
export const middle = <AS, AEntry, ACmd extends Cmd, AApp extends { readonly _tag: string }>(application: Application<AS, AEntry, UaCommand, AppEvent, ACmd, AApp>, start: AS): AnyNode =>
  simNode({
    name: "mid",
    element: withApplication(uaElement(uaConfig("mid", MIDDLE, false)), application),
    start: { state: { element: initialState([99, 700]), application: start }, entries: [] },
  }) as unknown as AnyNode;

const uaEndpoint = engineEndpoint<UaState, StoreEntry, UaCommand, AppEvent>();
const midEndpoint = engineEndpoint<Composed<UaState, unknown>, unknown, Cmd, { readonly _tag: string }>();
const isMiddle = (n: AnyNode): n is MiddleNode => n.name === "mid";
const forUa = (input: NodeInput<Wire, Cmd>): NodeInput<Wire, UaCommand> => input as NodeInput<Wire, UaCommand>;

export const endpoint: Endpoint<AnyNode, Wire, Cmd> = {
  deadline: (n) => (isMiddle(n) ? midEndpoint.deadline(n) : uaEndpoint.deadline(n)),
  step: (n, input) => (isMiddle(n) ? midEndpoint.step(n, input) : uaEndpoint.step(n, forUa(input))),
};

export interface Setup {
  readonly nodes: Readonly<Record<string, AnyNode>>;
  readonly agenda: ReadonlyArray<{ readonly at: number; readonly node: string; readonly command: Cmd }>;
  readonly link?: LinkConfig;
  readonly seed?: number;
}

export const network = (setup: Setup): Net =>
  createNetwork<AnyNode, Wire, Cmd>({ seed: setup.seed ?? 7, nodes: setup.nodes, defaultLink: setup.link ?? { latency: 10, jitter: 0, loss: 0, duplicate: 0 }, agenda: setup.agenda });

export const runTo = (net: Net, until = 600_000): Net => {
  const r = run(endpoint, { maxSteps: 200_000, until })(net);
  if (E.isLeft(r)) throw new Error(r.left.reason);
  return r.right;
};

/** Stops the middle node and starts it again from its snapshot sent through JSON and the codecs. */
export const restoreMiddle = (net: Net): void => {
  const n = net.nodes[MIDDLE];
  if (n === undefined || !isMiddle(n)) throw new Error("no middle node");
  const codec = snapshotCodec(n.element.codec);
  const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(n.engine.snapshot()))));
  if (E.isLeft(back)) throw new Error("the snapshot does not decode");
  restoreNode(n, back.right);
};

const label = (m: Wire): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  const msg = parsed.right;
  const text = new TextDecoder().decode(msg.body);
  const sdp = msg.body.length === 0 ? "" : !text.startsWith("v=0") ? " body" : text.includes("m=") ? " sdp" : " sdp-no-media";
  return (msg._tag === "Request" ? msg.method : `${msg.status} ${msg.core.cseq?.method ?? ""}`) + sdp;
};

/** The ladder as `from->to label` lines: a request's method, a response's status and CSeq method; `sdp` when SDP with media lines rides along, `sdp-no-media` for SDP without, `body` for another body. 100 Trying left out. */
export const ladder = (net: Net): ReadonlyArray<string> =>
  trace(net).flatMap((e) => {
    if (e._tag !== "Sent") return [];
    const l = label(e.message);
    return l.startsWith("100 ") ? [] : [`${names[e.from] ?? e.from}->${names[e.to] ?? e.to} ${l}`];
  });

export const tagsOf = (net: Net, ip: string): ReadonlyArray<string> =>
  (net.nodes[ip]?.log ?? []).map((l) => {
    const e = l.event as { readonly _tag: string; readonly status?: number; readonly reason?: unknown };
    return [e._tag, e.status, typeof e.reason === "string" ? e.reason : undefined].filter((x) => x !== undefined).join(" ");
  });

export const registryOf = (net: Net, ip: string): ReadonlyMap<string, unknown> => net.nodes[ip]?.engine.registry ?? new Map();
