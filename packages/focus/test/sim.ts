// A focus and its participants on @puresip/testkit's simulated network: the focus node runs
// `focusElement` (the UA core with the focus on it) on the kernel's engine, each participant a
// plain UA core. The focus's shell is the test's policy: it answers `AllocateMedia` with the
// next port, as `puresip serve --conference` does.
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import { Methods, parseMessage, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { LocalCapabilities } from "@puresip/sdp";
import type { Endpoint, SimNode, Wire } from "@puresip/testkit";
import { engineEndpoint, simNode } from "@puresip/testkit";
import { defaultLayerConfig } from "@puresip/transaction";
import { basicCapabilities, initialState, uaElement } from "@puresip/ua";
import type { AppEvent, Capabilities, UaCommand, UaConfig } from "@puresip/ua";
import type { FocusCommand, FocusConfig, FocusEvent } from "../src/index.js";
import { focusConfig, focusElement, initialFocusState } from "../src/index.js";

export const FOCUS = "192.0.2.100";

export const uri = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(`bad URI ${text}`);
  return u.right;
};

export const audio = (address: string, port: number): LocalCapabilities => ({
  username: "-",
  sessionId: "2890844526",
  addrType: "IP4",
  address,
  media: [{ media: "audio", proto: "RTP/AVP", port, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }],
});

/** A UA that calls, answers, REFERs and hears sipfrag NOTIFYs. */
export const capabilities: Capabilities = {
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY, Methods.REFER, Methods.UPDATE, Methods.INFO],
  contentTypes: [...basicCapabilities.contentTypes, { type: "message", subtype: "sipfrag", params: [] }, { type: "application", subtype: "conference-info+xml", params: [] }],
};

export const uaConfig = (user: string, ip: string, withMedia: boolean): UaConfig => ({
  aor: uri(`sip:${user}@${ip}`),
  displayName: user,
  contact: uri(`sip:${user}@${ip}:5060`),
  sentBy: { host: { _tag: "IPv4", value: ip }, port: 5060, transport: "UDP" },
  capabilities,
  credentials: [],
  ...(withMedia ? { media: audio(ip, 40000) } : {}),
  layer: defaultLayerConfig,
  session: defaultSessionConfig,
  registerExpires: 3600,
});

/** Any node of the network: a participant's UA or the focus (the engine does not care which). */
export type AnyNode = SimNode<unknown, unknown, unknown, { readonly _tag: string }>;
export type ParticipantNode = SimNode<unknown, unknown, UaCommand, AppEvent>;
export type FocusNode = SimNode<unknown, unknown, FocusCommand, FocusEvent>;

export const endpoint: Endpoint<AnyNode, Wire, unknown> = engineEndpoint<unknown, unknown, unknown, { readonly _tag: string }>();

/** How a participant answers a call (a dial-out): at once, never (it stays silent), or it rings (180) and never answers. */
export type Answering = "answer" | "silent" | "ring";

export const participant = (user: string, ip: string, seed: number, answering: Answering = "answer", log = true): AnyNode =>
  simNode({
    name: ip,
    element: uaElement(uaConfig(user, ip, true)),
    start: { state: initialState([seed, seed * 7 + 1]), entries: [] },
    policy: (e: AppEvent) =>
      e._tag !== "IncomingCall" || answering === "silent" ? [] : [{ delay: 20, command: answering === "answer" ? { _tag: "Answer" as const, call: e.call } : { _tag: "Ring" as const, call: e.call } }],
    describe: (e: AppEvent) => (e._tag === "Subscription" ? `Subscription ${e.notice._tag}${"status" in e.notice ? ` ${String(e.notice.status)}` : ""}` : e._tag === "CallFailed" ? `CallFailed ${String(e.status)}` : e._tag),
    log,
  }) as unknown as AnyNode;

export const FOCUS_CONFIG: FocusConfig = focusConfig(["alpha", "beta"], audio(FOCUS, 0));

/** The focus with a shell that allocates sequential even ports from 30000 (`refuse`: never answers AllocateMedia). */
export const focus = (seed: number, config: FocusConfig = FOCUS_CONFIG, refuse = false, log = true): AnyNode => {
  let port = 30000;
  return simNode({
    name: FOCUS,
    element: focusElement(uaConfig("focus", FOCUS, false), config),
    start: { state: { element: initialState([seed, seed * 3 + 5]), application: initialFocusState }, entries: [] },
    policy: (e: FocusEvent) => {
      if (e._tag !== "AllocateMedia" || refuse) return [];
      port += 2;
      return [{ delay: 0, command: { _tag: "MediaAllocated" as const, conference: e.conference, participant: e.participant, address: FOCUS, port } }];
    },
    describe: (e: FocusEvent) => (e._tag === "RosterChanged" ? `RosterChanged ${e.conference} v${String(e.version)} [${e.participants.map((p) => `${p.uri} ${p.status}`).join(", ")}]` : e._tag),
    log,
  }) as unknown as AnyNode;
};

/** What a participant's UA core delivered. */
export const uaEvents = (n: AnyNode): ReadonlyArray<AppEvent> => (n.log ?? []).map((l) => l.event as AppEvent);

/** What the focus delivered to its owner. */
export const focusEvents = (n: AnyNode): ReadonlyArray<FocusEvent> => (n.log ?? []).map((l) => l.event as FocusEvent);

/** The focus's last roster of a conference (none: never changed). */
export const lastRoster = (n: AnyNode, conference: string): Extract<FocusEvent, { readonly _tag: "RosterChanged" }> | undefined =>
  focusEvents(n)
    .filter((e): e is Extract<FocusEvent, { readonly _tag: "RosterChanged" }> => e._tag === "RosterChanged" && e.conference === conference)
    .at(-1);

/** A message's label: the method, or status and reason. */
export const wireLabel = (m: Wire): string => {
  const parsed = parseMessage(m);
  if (E.isLeft(parsed)) return "?";
  return parsed.right._tag === "Request" ? parsed.right.method : `${String(parsed.right.status)} ${parsed.right.reason}`;
};
