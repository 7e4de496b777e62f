// The UA core on @puresip/testkit's simulated network: each UA is a testkit engine node
// running `uaElement` on the kernel's engine — the engine @puresip/node runs in production —
// with the simulated network for sockets, virtual time for the clock and a table for DNS.
// Only the application's policy and the trace lines are the test's own.
import * as E from "fp-ts/lib/Either.js";
import { Methods, parseMessage, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import { defaultSessionConfig } from "@puresip/dialog";
import type { LocalCapabilities } from "@puresip/sdp";
import type { Endpoint, Policy as SimPolicy, SimNode } from "@puresip/testkit";
import { engineEndpoint, restoreNode, simNode } from "@puresip/testkit";
import { defaultLayerConfig } from "@puresip/transaction";
import type { Peer } from "@puresip/transaction";
import { basicCapabilities, initialState, uaElement } from "../../src/index.js";
import type { AppEvent, Capabilities, StoreEntry, UaCommand, UaConfig, UaState } from "../../src/index.js";

import type { Wire } from "@puresip/testkit";

export type { Wire } from "@puresip/testkit";
export { peerOf } from "@puresip/testkit";

export type UaNode = SimNode<UaState, StoreEntry, UaCommand, AppEvent>;

/** What the application does with an event: commands after delays (ms). */
export type Policy = SimPolicy<UaCommand, AppEvent>;

export const uri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(`bad URI ${text}`);
  return u.right;
};

export const audio: LocalCapabilities = {
  username: "-",
  sessionId: "2890844526",
  addrType: "IP4",
  address: "192.0.2.10",
  media: [{ media: "audio", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMU", clockRate: 8000 }, { encodingName: "telephone-event", clockRate: 8000, fmtp: "0-15" }] }],
};

export const capabilities: Capabilities = {
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.PRACK, Methods.UPDATE, Methods.MESSAGE, Methods.INFO],
  extensions: ["100rel"],
  contentTypes: [...basicCapabilities.contentTypes, { type: "text", subtype: "plain", params: [] }],
};

/** A UA at `ip` (the simulator's node name) as `user@domain`. */
export const uaConfig = (user: string, ip: string, extra: Partial<UaConfig> = {}): UaConfig => ({
  aor: uri(`sip:${user}@example.com`),
  displayName: user,
  contact: uri(`sip:${user}@${ip}:5060`),
  sentBy: { host: { _tag: "IPv4", value: ip }, port: 5060, transport: "UDP" },
  capabilities,
  credentials: [],
  media: { ...audio, address: ip },
  layer: defaultLayerConfig,
  session: defaultSessionConfig,
  registerExpires: 3600,
  ...extra,
});

const describeEvent = (e: AppEvent): string => {
  switch (e._tag) {
    case "CallProgress":
    case "CallFailed":
    case "ReofferDone":
    case "InDialogDone":
    case "MessageResult":
    case "OptionsResult":
    case "Rejected":
      return `${e._tag} ${e.status}`;
    case "CallEnded":
      return `CallEnded ${e.reason}`;
    case "Registered":
      return `Registered ${e.expires}`;
    case "RegistrationFailed":
      return `RegistrationFailed ${e.status}`;
    case "Problem":
      return `Problem ${e.reason}`;
    case "CallNotMade":
      return `CallNotMade ${e.reason}`;
    case "CredentialsNeeded":
      return `CredentialsNeeded ${e.realm}`;
    case "Bindings":
      return `Bindings ${e.contacts.length}`;
    case "IncomingRequest":
      return `IncomingRequest ${e.request.method}`;
    case "SubscriptionCreated":
      return `SubscriptionCreated ${e.request.method}`;
    case "Subscription":
      return `Subscription ${e.notice._tag}${"status" in e.notice ? ` ${String(e.notice.status)}` : ""}`;
    case "AnswerNeeded":
    case "CallCreated":
    case "CallEstablished":
    case "SessionTerminated":
    case "CallMedia":
    case "IncomingCall":
    case "InDialogRequest":
    case "MessageReceived":
    case "ReinviteAcked":
    case "Unregistered":
      return e._tag;
  }
};

export const node = (name: string, config: UaConfig, seed: number, policy: Policy, options: { readonly log?: boolean; readonly resolver?: ReadonlyMap<string, Peer> } = {}): UaNode =>
  simNode({
    name,
    element: uaElement(config),
    start: { state: initialState([seed, seed * 7 + 1]), entries: [] },
    policy,
    describe: describeEvent,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
  });

/** Replaces the node's registry with `entries` (a restored copy), as a restarted process would. */
export const restore = (n: UaNode, entries: ReadonlyMap<string, StoreEntry>): void => {
  restoreNode(n, { state: n.engine.state(), entries: [...entries] });
};

export const endpoint: Endpoint<UaNode, Wire, UaCommand> = engineEndpoint<UaState, StoreEntry, UaCommand, AppEvent>();

/** A message's label on a ladder: the method, or status and reason. */
export const wireLabel = (m: Wire): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  return parsed.right._tag === "Request" ? parsed.right.method : `${parsed.right.status} ${parsed.right.reason}`;
};

/** The delivered events of a node, by tag. */
export const events = (n: UaNode): ReadonlyArray<AppEvent> => (n.log ?? []).map((l) => l.event);
export const tags = (n: UaNode): ReadonlyArray<string> => events(n).filter((e) => e._tag !== "Problem").map(describeEvent);
