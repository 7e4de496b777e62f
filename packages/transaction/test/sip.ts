// Test helper: builds SIP messages on the @puresip/message model with the raw header lines
// and the parsed core headers in agreement, the way the parser would produce them.
import type { CallId, HeaderField, Method, NameAddr, SipRequest, SipResponse, Via } from "@puresip/message";
import type { Peer } from "../src/index.js";

export interface RequestSpec {
  readonly method: string;
  readonly branch?: string;
  readonly viaHost?: string;
  readonly viaPort?: number;
  readonly transport?: string;
  readonly callId?: string;
  readonly seq?: number;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly uri?: string;
  readonly routes?: ReadonlyArray<string>;
  readonly timestamp?: string;
}

const nameAddr = (user: string, host: string, tag: string | undefined): NameAddr => ({
  _tag: "NameAddr",
  uri: { _tag: "SipUri", scheme: "sip", user, host: { _tag: "Hostname", value: host }, params: [], headers: [] },
  angle: true,
  params: tag === undefined ? [] : [{ name: "tag", value: tag }],
});

const printAddr = (user: string, host: string, tag: string | undefined): string =>
  `<sip:${user}@${host}>${tag === undefined ? "" : `;tag=${tag}`}`;

export const request = (spec: RequestSpec): SipRequest => {
  const transport = spec.transport ?? "UDP";
  const viaHost = spec.viaHost ?? "client.example.com";
  const branch = spec.branch ?? "z9hG4bK776asdhds";
  const via: Via = {
    protocolName: "SIP",
    protocolVersion: "2.0",
    transport,
    host: { _tag: "Hostname", value: viaHost },
    ...(spec.viaPort === undefined ? {} : { port: spec.viaPort }),
    params: [{ name: "branch", value: branch }],
  };
  const callId = (spec.callId ?? "a84b4c76e66710@client.example.com") as CallId;
  const seq = spec.seq ?? 314159;
  const method = spec.method as Method;
  const uriUser = spec.uri ?? "bob";
  const routes = spec.routes ?? [];
  const headers: Array<HeaderField> = [
    { name: "Via", value: `SIP/2.0/${transport} ${viaHost}${spec.viaPort === undefined ? "" : `:${spec.viaPort}`};branch=${branch}` },
    { name: "Max-Forwards", value: "70" },
    ...routes.map((r) => ({ name: "Route", value: `<sip:${r};lr>` })),
    { name: "To", value: printAddr("bob", "biloxi.example.com", spec.toTag) },
    { name: "From", value: printAddr("alice", "atlanta.example.com", spec.fromTag ?? "1928301774") },
    { name: "Call-ID", value: callId },
    { name: "CSeq", value: `${seq} ${method}` },
    ...(spec.timestamp === undefined ? [] : [{ name: "Timestamp", value: spec.timestamp }]),
    { name: "Content-Length", value: "0" },
  ];
  return {
    _tag: "Request",
    method,
    uri: { _tag: "SipUri", scheme: "sip", user: uriUser, host: { _tag: "Hostname", value: "biloxi.example.com" }, params: [], headers: [] },
    version: "SIP/2.0",
    headers,
    core: {
      via: [via],
      from: nameAddr("alice", "atlanta.example.com", spec.fromTag ?? "1928301774"),
      to: nameAddr("bob", "biloxi.example.com", spec.toTag),
      callId,
      cseq: { seq, method },
      maxForwards: 70,
      contentLength: 0,
      contact: [],
      route: routes.map((r) => ({
        _tag: "NameAddr" as const,
        uri: { _tag: "SipUri" as const, scheme: "sip" as const, host: { _tag: "Hostname" as const, value: r }, params: [{ name: "lr" }], headers: [] },
        angle: true,
        params: [],
      })),
      recordRoute: [],
    },
    body: new Uint8Array(0),
  };
};

const reasons: Readonly<Record<number, string>> = { 100: "Trying", 180: "Ringing", 200: "OK", 404: "Not Found", 486: "Busy Here", 500: "Server Internal Error" };

/** §8.2.6: a response to `req` with Via, From, Call-ID, CSeq copied and a To tag added. */
export const response = (req: SipRequest, status: number, toTag: string | undefined = status === 100 ? undefined : "a6c85cf"): SipResponse => {
  const keep = new Set(["via", "from", "call-id", "cseq"]);
  // An in-dialog request already carries the To tag; the response keeps it (§8.2.6.2).
  const existing = req.core.to?.params.find((p) => p.name === "tag")?.value;
  const tag = existing ?? toTag;
  const headers: Array<HeaderField> = [
    ...req.headers.filter((h) => keep.has(h.name.toLowerCase())),
    { name: "To", value: printAddr("bob", "biloxi.example.com", tag) },
    { name: "Content-Length", value: "0" },
  ];
  const { via, from, callId, cseq } = req.core;
  return {
    _tag: "Response",
    version: "SIP/2.0",
    status,
    reason: reasons[status] ?? "Response",
    headers,
    core: {
      via,
      ...(from === undefined ? {} : { from }),
      to: nameAddr("bob", "biloxi.example.com", tag),
      ...(callId === undefined ? {} : { callId }),
      ...(cseq === undefined ? {} : { cseq }),
      contentLength: 0,
      contact: [],
      route: [],
      recordRoute: [],
    },
    body: new Uint8Array(0),
  };
};

export const udp: Peer = { transport: "UDP", host: "192.0.2.4", port: 5060 };
export const tcp: Peer = { transport: "TCP", host: "192.0.2.4", port: 5060 };

/** Header values by name, in order. */
export const values = (headers: ReadonlyArray<HeaderField>, name: string): ReadonlyArray<string> =>
  headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
