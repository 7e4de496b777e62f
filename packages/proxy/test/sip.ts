// Test helpers: SIP messages from text (as on the wire), a proxy configuration at 192.0.2.1:5060
// for example.com, and a harness that runs the element on the kernel's engine in virtual time.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Peer } from "@puresip/kernel";
import { createEngine, seedFromWords } from "@puresip/kernel";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { createResponse, parseMessage, tag } from "@puresip/message";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { ProxyApp, ProxyCommand, ProxyConfig, ProxyEntry, ProxyOptions, ProxyState } from "../src/index.js";
import { baseConfig, defaultRoute, proxyElement } from "../src/index.js";

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`fixture: ${JSON.stringify(e.left)}`);
  return e.right;
};

export const me: Peer = { transport: "UDP", host: "192.0.2.1", port: 5060 };
export const alicePeer: Peer = { transport: "UDP", host: "192.0.2.10", port: 5060 };

export const config = (over: Partial<ProxyConfig> = {}): ProxyConfig => ({
  ...baseConfig([me], defaultRoute),
  domains: ["example.com"],
  registrar: O.some({ ...defaultRegistrarConfig, domains: ["example.com"] }),
  ...over,
});

export interface RequestSpec {
  readonly method?: string;
  readonly uri?: string;
  readonly branch?: string;
  readonly maxForwards?: number | null;
  readonly extra?: ReadonlyArray<string>;
  readonly vias?: ReadonlyArray<string>;
  readonly toTag?: string;
  readonly callId?: string;
  readonly seq?: number;
  /** The From URI (default alice@example.com, one of the proxy's users). */
  readonly from?: string;
}

export const request = (spec: RequestSpec = {}): SipRequest => {
  const m = spec.method ?? "INVITE";
  const lines = [
    `${m} ${spec.uri ?? "sip:bob@example.com"} SIP/2.0`,
    ...(spec.vias ?? []).map((v) => `Via: ${v}`),
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=${spec.branch ?? "z9hG4bKalice1"}`,
    ...(spec.maxForwards === null ? [] : [`Max-Forwards: ${String(spec.maxForwards ?? 70)}`]),
    `From: <${spec.from ?? "sip:alice@example.com"}>;tag=a1`,
    `To: <sip:bob@example.com>${spec.toTag === undefined ? "" : `;tag=${spec.toTag}`}`,
    `Call-ID: ${spec.callId ?? "call-1"}`,
    `CSeq: ${String(spec.seq ?? 1)} ${m}`,
    `Contact: <sip:alice@192.0.2.10>`,
    ...(spec.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  ];
  const parsed = right(parseMessage(lines.join("\r\n")));
  if (parsed._tag !== "Request") throw new Error("not a request");
  return parsed;
};

export const responseTo = (req: SipRequest, status: number, toTag = "b1", headers: ReadonlyArray<{ name: string; value: string }> = []): SipResponse =>
  right(createResponse(status, { toTag: right(tag(toTag)), headers })(req));

/** One element on the engine, in virtual time, with what it sent and said. */
export const harness = (cfg: ProxyConfig = config(), options: ProxyOptions = { stateless: false }) => {
  let now = 0;
  let armed: number | undefined;
  const sent: Array<{ readonly message: SipMessage; readonly to: Peer }> = [];
  const said: Array<ProxyApp> = [];
  const resolves: Array<string> = [];
  const element = proxyElement(cfg, options);
  const engine = createEngine<ProxyState, ProxyEntry, ProxyCommand, ProxyApp>(
    element,
    {
      now: () => now,
      wakeAt: (at) => {
        armed = at;
      },
      transmit: (message, to) => sent.push({ message, to }),
      resolve: (id) => resolves.push(id),
      deliver: (e) => said.push(e),
      fault: (detail) => {
        throw new Error(detail);
      },
    },
    { state: { seed: seedFromWords([1, 2, 3, 4]), aors: 0 }, entries: [] },
  );
  return {
    engine,
    sent,
    said,
    resolves,
    element,
    now: () => now,
    /** Advance virtual time to `until`, firing every wake-up on the way. */
    advance: (until: number) => {
      while (armed !== undefined && armed <= until) {
        now = Math.max(now, armed);
        armed = undefined;
        engine.wake();
      }
      now = until;
    },
    /** Messages sent since the last call. */
    take: (): ReadonlyArray<{ readonly message: SipMessage; readonly to: Peer }> => sent.splice(0),
  };
};

export const requests = (out: ReadonlyArray<{ readonly message: SipMessage; readonly to: Peer }>): ReadonlyArray<SipRequest> =>
  out.flatMap((o) => (o.message._tag === "Request" ? [o.message] : []));
export const responses = (out: ReadonlyArray<{ readonly message: SipMessage; readonly to: Peer }>): ReadonlyArray<SipResponse> =>
  out.flatMap((o) => (o.message._tag === "Response" ? [o.message] : []));

/** A REGISTER for `user` at example.com binding `contact` (a Contact value, parameters allowed). */
export const register = (user: string, contact: string, callId = `reg-${user}`): SipRequest => {
  const parsed = right(
    parseMessage(
      [
        "REGISTER sip:example.com SIP/2.0",
        `Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKreg${user}${callId}`,
        "Max-Forwards: 70",
        `From: <sip:${user}@example.com>;tag=r${user}`,
        `To: <sip:${user}@example.com>`,
        `Call-ID: ${callId}`,
        "CSeq: 1 REGISTER",
        `Contact: ${contact}`,
        "Expires: 3600",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    ),
  );
  if (parsed._tag !== "Request") throw new Error("not a request");
  return parsed;
};
