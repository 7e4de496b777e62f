// A test shell for the UA core on @puresip/testkit's simulated network: it owns the registry
// (a mutable Map, as a real shell does), applies Put/Forget, transmits serialized messages,
// answers Resolve from a table, ticks entries whose deadline came, and plays an application
// policy that turns delivered events into later commands.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, parseMessage, parseUri, serializeMessage } from "@puresip/message";
import type { Uri } from "@puresip/message";
import { defaultSessionConfig } from "@puresip/dialog";
import type { LocalCapabilities } from "@puresip/sdp";
import type { Endpoint, NodeInput, NodeOutput } from "@puresip/testkit";
import { defaultLayerConfig } from "@puresip/transaction";
import type { Peer } from "@puresip/transaction";
import { basicCapabilities, initialState, nextDeadline, step } from "../../src/index.js";
import type { AppEvent, Capabilities, StoreEntry, UaCommand, UaConfig, UaEvent, UaState } from "../../src/index.js";

export type Wire = Uint8Array;

/** What the application does with an event: commands after delays (ms). */
export type Policy = (event: AppEvent, node: UaNode) => ReadonlyArray<{ readonly delay: number; readonly command: UaCommand }>;

export interface UaNode {
  readonly name: string;
  readonly config: UaConfig;
  state: UaState;
  readonly store: Map<string, { readonly entry: StoreEntry; readonly deadline: O.Option<number> }>;
  readonly policy: Policy;
  readonly agenda: Array<{ readonly at: number; readonly command: UaCommand }>;
  /** Every delivered event (null: only counted, for long runs). */
  readonly log: Array<{ readonly at: number; readonly event: AppEvent }> | null;
  readonly counts: Map<string, number>;
  readonly resolver: ReadonlyMap<string, Peer>;
  /** The largest the registry has been, measured after each step. */
  readonly stats: { peak: number };
  /** Deadlines as a min-heap of [at, key]; an entry is stale once the registry says otherwise. */
  readonly timers: Array<readonly [number, string]>;
}

const heapPush = (h: Array<readonly [number, string]>, item: readonly [number, string]): void => {
  h.push(item);
  for (let i = h.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (h[parent]![0] <= h[i]![0]) break;
    [h[parent], h[i]] = [h[i]!, h[parent]!];
    i = parent;
  }
};

const heapPop = (h: Array<readonly [number, string]>): void => {
  const last = h.pop();
  if (last === undefined || h.length === 0) return;
  h[0] = last;
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]![0] < h[m]![0]) m = l;
    if (r < h.length && h[r]![0] < h[m]![0]) m = r;
    if (m === i) break;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
};

/** The heap's top, after dropping entries whose key is gone or has another deadline now. */
const liveTop = (n: UaNode): readonly [number, string] | undefined => {
  for (let top = n.timers[0]; top !== undefined; top = n.timers[0]) {
    const d = n.store.get(top[1])?.deadline;
    if (d !== undefined && O.isSome(d) && d.value === top[0]) return top;
    heapPop(n.timers);
  }
  return undefined;
};

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

export const node = (name: string, config: UaConfig, seed: number, policy: Policy, options: { readonly log?: boolean; readonly resolver?: ReadonlyMap<string, Peer> } = {}): UaNode => ({
  name,
  config,
  state: initialState([seed, seed * 7 + 1]),
  store: new Map(),
  policy,
  agenda: [],
  log: options.log === false ? null : [],
  counts: new Map(),
  resolver: options.resolver ?? new Map(),
  stats: { peak: 0 },
  timers: [],
});

const describeEvent = (e: AppEvent): string => {
  switch (e._tag) {
    case "CallProgress":
    case "CallFailed":
    case "ReofferDone":
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
    case "CallMedia":
    case "IncomingCall":
    case "InDialogRequest":
    case "MessageReceived":
    case "Unregistered":
      return e._tag;
  }
};

/** Runs one event and every follow-up (Resolved answers) through the UA; returns what goes on the wire. */
export const react = (n: UaNode, now: number, first: ReadonlyArray<UaEvent>): ReadonlyArray<NodeOutput<Wire>> => {
  const out: Array<NodeOutput<Wire>> = [];
  const queue = [...first];
  const ua = step(n.config);
  const store = { get: (k: string) => n.store.get(k)?.entry };
  for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
    const [state, effects] = ua(store, n.state, event);
    n.state = state;
    for (const e of effects) {
      switch (e._tag) {
        case "Put":
          n.store.set(e.key, { entry: e.entry, deadline: e.deadline });
          if (O.isSome(e.deadline)) heapPush(n.timers, [e.deadline.value, e.key]);
          break;
        case "Forget":
          n.store.delete(e.key);
          break;
        case "Transmit":
          out.push({ _tag: "Send", to: e.destination.host, message: serializeMessage(e.message) });
          break;
        case "Resolve": {
          const host = e.target._tag === "SipUri" ? e.target.host.value : "";
          const peer = n.resolver.get(host);
          queue.push({ _tag: "Resolved", now, id: e.id, result: peer === undefined ? E.left(`${host}: no such host`) : E.right([peer]) });
          break;
        }
        case "Deliver": {
          n.counts.set(e.event._tag, (n.counts.get(e.event._tag) ?? 0) + 1);
          n.log?.push({ at: now, event: e.event });
          if (n.log !== null) out.push({ _tag: "Note", text: `app: ${describeEvent(e.event)}` });
          for (const c of n.policy(e.event, n)) {
            const at = now + c.delay;
            let i = n.agenda.length;
            while (i > 0 && (n.agenda[i - 1]?.at ?? 0) > at) i--;
            n.agenda.splice(i, 0, { at, command: c.command });
          }
          break;
        }
      }
    }
  }
  if (n.store.size > n.stats.peak) n.stats.peak = n.store.size;
  return out;
};

/** Replaces the registry with `entries` (a restored copy) and re-files their deadlines. */
export const restore = (n: UaNode, entries: ReadonlyMap<string, StoreEntry>): void => {
  n.store.clear();
  n.timers.length = 0;
  for (const [key, entry] of entries) {
    const deadline = nextDeadline(entry);
    n.store.set(key, { entry, deadline });
    if (O.isSome(deadline)) heapPush(n.timers, [deadline.value, key]);
  }
};

const earliest = (n: UaNode): O.Option<number> => {
  let at = liveTop(n)?.[0] ?? Infinity;
  const next = n.agenda[0];
  if (next !== undefined && next.at < at) at = next.at;
  return at === Infinity ? O.none : O.some(at);
};

export const peerOf = (host: string): Peer => ({ transport: "UDP", host, port: 5060 });

export const endpoint: Endpoint<UaNode, Wire, UaCommand> = {
  deadline: earliest,
  step: (n, input: NodeInput<Wire, UaCommand>) => {
    const now = input.now;
    switch (input._tag) {
      case "Deliver": {
        const parsed = parseMessage(input.message);
        if (E.isLeft(parsed)) return [n, [{ _tag: "Note", text: "unparsable message dropped" }]];
        return [n, react(n, now, [{ _tag: "Received", now, message: parsed.right, source: peerOf(input.from) }])];
      }
      case "Wake": {
        const due: Array<UaEvent> = [];
        const ticked = new Set<string>();
        for (let top = liveTop(n); top !== undefined && top[0] <= now; top = liveTop(n)) {
          heapPop(n.timers);
          if (!ticked.has(top[1])) due.push({ _tag: "Tick", now, key: top[1] });
          ticked.add(top[1]);
        }
        while ((n.agenda[0]?.at ?? Infinity) <= now) {
          const next = n.agenda.shift();
          if (next !== undefined) due.push({ _tag: "Command", now, command: next.command });
        }
        return [n, react(n, now, due)];
      }
      case "Command":
        return [n, react(n, now, [{ _tag: "Command", now, command: input.command }])];
    }
  },
};

/** A message's label on a ladder: the method, or status and reason. */
export const wireLabel = (m: Wire): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  return parsed.right._tag === "Request" ? parsed.right.method : `${parsed.right.status} ${parsed.right.reason}`;
};

/** The delivered events of a node, by tag. */
export const events = (n: UaNode): ReadonlyArray<AppEvent> => (n.log ?? []).map((l) => l.event);
export const tags = (n: UaNode): ReadonlyArray<string> => events(n).filter((e) => e._tag !== "Problem").map(describeEvent);
