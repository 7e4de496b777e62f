// RFC 3665 §3's topology on @puresip/testkit's simulated network, every node on the kernel's
// engine: alice@atlanta.example.com (10.0.1.1) uses Proxy 1, ss1.atlanta (10.0.1.5), as her
// outbound proxy; Proxy 1 authenticates its own users (§22.3) and forwards biloxi.example.com's
// requests to Proxy 2, ss2.biloxi (10.0.2.5), found by RFC 3263 through its resolver; Proxy 2 is
// biloxi's registrar, where bob (10.0.2.1) registers. Both record-route (§16.6 step 4).
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { defaultSessionConfig } from "@puresip/dialog";
import type { Peer } from "@puresip/kernel";
import { seedFromWords } from "@puresip/kernel";
import { parseMessage, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { Endpoint, LinkConfig, Network, NodeInput, Policy, SimNode, Wire } from "@puresip/testkit";
import { createNetwork, engineEndpoint, run, simNode, trace } from "@puresip/testkit";
import { defaultLayerConfig } from "@puresip/transaction";
import type { AppEvent, Credential, StoreEntry, UaCommand, UaState } from "@puresip/ua";
import { basicCapabilities, initialState, uaElement } from "@puresip/ua";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { ProxyApp, ProxyCommand, ProxyEntry, ProxyState } from "../src/index.js";
import { baseConfig, defaultRoute, proxyElement } from "../src/index.js";
import { authentication } from "./auth-fixtures.js";

export const ALICE = "10.0.1.1";
export const PROXY1 = "10.0.1.5";
export const PROXY2 = "10.0.2.5";
export const BOB = "10.0.2.1";

type UaNode = SimNode<UaState, StoreEntry, UaCommand, AppEvent>;
type ProxyNode = SimNode<ProxyState, ProxyEntry, ProxyCommand, ProxyApp>;
type AnyNode = UaNode | ProxyNode;
export type Net = Network<AnyNode, Wire, UaCommand>;

const uri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(`bad URI ${text}`);
  return u.right;
};
const peer = (host: string): Peer => ({ transport: "UDP", host, port: 5060 });

const ua = (user: string, domain: string, ip: string, outboundProxy: string, credentials: ReadonlyArray<Credential>, policy: Policy<UaCommand, AppEvent>, seed: number, resolver?: ReadonlyMap<string, ReadonlyArray<Peer>>): UaNode =>
  simNode({
    ...(resolver === undefined ? {} : { resolver }),
    name: user,
    element: uaElement({
      aor: uri(`sip:${user}@${domain}`),
      displayName: user,
      contact: uri(`sip:${user}@${ip}:5060`),
      sentBy: { host: { _tag: "IPv4", value: ip }, port: 5060, transport: "UDP" },
      outboundProxy: [uri(`sip:${outboundProxy};lr`)],
      capabilities: basicCapabilities,
      credentials,
      media: { username: "-", sessionId: "2890844526", addrType: "IP4", address: ip, media: [{ media: "audio", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] },
      layer: defaultLayerConfig,
      session: defaultSessionConfig,
      registerExpires: 3600,
    }),
    start: { state: initialState([seed, seed * 7 + 1]), entries: [] },
    policy,
  });

/** Proxy 1: atlanta.example.com, challenging its own users' requests (alice:secret). */
const proxy1 = (): ProxyNode =>
  simNode({
    name: "proxy1",
    element: proxyElement({
      ...baseConfig([peer(PROXY1)], defaultRoute),
      domains: ["atlanta.example.com"],
      recordRoute: true,
      authentication: O.some(authentication({ realm: "atlanta.example.com" })),
    }),
    start: { state: { seed: seedFromWords([31]), aors: 0 }, entries: [] },
    resolver: new Map([["biloxi.example.com", peer(PROXY2)]]),
  });

/** Proxy 2: biloxi.example.com's proxy and registrar, and with `aliases` another name of its own (§16.4). */
const proxy2 = (aliases: ReadonlyArray<string>): ProxyNode =>
  simNode({
    name: "proxy2",
    element: proxyElement({ ...baseConfig([peer(PROXY2)], defaultRoute), domains: ["biloxi.example.com"], aliases, recordRoute: true, registrar: O.some(defaultRegistrarConfig) }),
    start: { state: { seed: seedFromWords([32]), aors: 0 }, entries: [] },
  });

const uaEndpoint = engineEndpoint<UaState, StoreEntry, UaCommand, AppEvent>();
const proxyEndpoint = engineEndpoint<ProxyState, ProxyEntry, ProxyCommand, ProxyApp>();
const isProxy = (n: AnyNode): n is ProxyNode => n.name.startsWith("proxy");
const forProxy = (input: NodeInput<Wire, UaCommand>): NodeInput<Wire, ProxyCommand> => (input._tag === "Command" ? { _tag: "Wake", now: input.now } : input);
const endpoint: Endpoint<AnyNode, Wire, UaCommand> = {
  deadline: (n) => (isProxy(n) ? proxyEndpoint.deadline(n) : uaEndpoint.deadline(n)),
  step: (n, input) => (isProxy(n) ? proxyEndpoint.step(n, forProxy(input)) : uaEndpoint.step(n, input)),
};

/** What a run changes: the two UAs' behaviour and the links (e.g. bob gone silent). */
export interface Flow {
  readonly alice: Policy<UaCommand, AppEvent>;
  readonly bob: Policy<UaCommand, AppEvent>;
  readonly links?: Readonly<Record<string, LinkConfig>>;
  /**
   * RFC 3665 §3.4: alice's outbound proxy is `proxies.atlanta.example.com`, which RFC 3263
   * resolves to Proxy 1 then Proxy 2 (a primary and a secondary), instead of Proxy 1's address.
   */
  readonly secondaryProxy?: boolean;
}

/** The name alice's outbound proxy has when it has a secondary. */
export const PROXIES_NAME = "proxies.atlanta.example.com";

/** bob registers with Proxy 2 at 0; alice (who knows her atlanta password) calls bob@biloxi.example.com at 1 s. */
export const runFlow = (flow: Flow): Net => {
  const net = createNetwork<AnyNode, Wire, UaCommand>({
    seed: 3665,
    nodes: {
      [ALICE]: ua(
        "alice",
        "atlanta.example.com",
        ALICE,
        flow.secondaryProxy === true ? PROXIES_NAME : PROXY1,
        [{ realm: "atlanta.example.com", username: "alice", secret: { _tag: "Password", password: "secret" } }],
        flow.alice,
        41,
        flow.secondaryProxy === true ? new Map([[PROXIES_NAME, [peer(PROXY1), peer(PROXY2)]]]) : undefined,
      ),
      [PROXY1]: proxy1(),
      // As alice's secondary, Proxy 2 knows the shared name as its own: the Route alice
      // preloaded with it is then Proxy 2's to remove (§16.4), not a next hop.
      [PROXY2]: proxy2(flow.secondaryProxy === true ? [PROXIES_NAME] : []),
      [BOB]: ua("bob", "biloxi.example.com", BOB, PROXY2, [], flow.bob, 43),
    },
    defaultLink: { latency: 10, jitter: 0, loss: 0, duplicate: 0 },
    ...(flow.links === undefined ? {} : { links: flow.links }),
    agenda: [
      { at: 0, node: BOB, command: { _tag: "Register", id: "bob", registrar: uri(`sip:${PROXY2}`) } },
      { at: 1000, node: ALICE, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } },
    ],
  });
  const done = run(endpoint, { maxSteps: 50_000, until: 600_000 })(net);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right;
};

const names: Readonly<Record<string, string>> = { [ALICE]: "Alice", [PROXY1]: "Proxy1", [PROXY2]: "Proxy2", [BOB]: "Bob" };

/** The ladder as `From->To label` lines in the order sent, REGISTERs left out. */
export const ladder = (net: Net): ReadonlyArray<string> =>
  trace(net).flatMap((e) => {
    if (e._tag !== "Sent") return [];
    const parsed = parseMessage(e.message);
    if (E.isLeft(parsed) || parsed.right.core.cseq?.method === "REGISTER") return [];
    const m = parsed.right;
    return [`${names[e.from] ?? e.from}->${names[e.to] ?? e.to} ${m._tag === "Request" ? m.method : String(m.status)}`];
  });

/** The messages sent from `from` to `to`, parsed, REGISTERs left out. */
export const sent = (net: Net, from: string, to: string) =>
  trace(net).flatMap((e) => {
    if (e._tag !== "Sent" || e.from !== from || e.to !== to) return [];
    const parsed = parseMessage(e.message);
    return E.isRight(parsed) && parsed.right.core.cseq?.method !== "REGISTER" ? [parsed.right] : [];
  });

/** The application events a UA delivered, as `Tag status-or-reason`. */
export const eventsOf = (net: Net, ip: string): ReadonlyArray<string> =>
  (net.nodes[ip]?.log ?? []).map((l) => {
    const e = l.event as { readonly _tag: string; readonly status?: number; readonly reason?: string };
    return [e._tag, e.status, e.reason].filter((x) => x !== undefined).join(" ");
  });

/** What a proxy still holds besides bindings (`L `) and nonce uses (`N `), which it keeps on purpose. */
export const liveWork = (net: Net, ip: string): ReadonlyArray<string> => [...(net.nodes[ip]?.engine.registry.keys() ?? [])].filter((k) => !k.startsWith("L ") && !k.startsWith("N "));
