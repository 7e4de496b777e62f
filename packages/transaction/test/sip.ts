// Test helper: SIP messages built with @puresip/message's builders (§8.1.1, §8.2.6), so the
// raw header lines and the parsed core headers always agree, as on the wire.
import * as E from "fp-ts/lib/Either.js";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { callId, createRequest, createResponse, method, parseNameAddr, parseUri, parseVia, tag } from "@puresip/message";
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

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`test fixture is malformed: ${JSON.stringify(e.left)}`);
  return e.right;
};

export const request = (spec: RequestSpec): SipRequest => {
  const sentBy = `${spec.viaHost ?? "client.example.com"}${spec.viaPort === undefined ? "" : `:${spec.viaPort}`}`;
  const via = right(parseVia(`SIP/2.0/${spec.transport ?? "UDP"} ${sentBy};branch=${spec.branch ?? "z9hG4bK776asdhds"}`))[0]!;
  const toTag = spec.toTag === undefined ? "" : `;tag=${spec.toTag}`;
  const extra: Array<HeaderField> = spec.timestamp === undefined ? [] : [{ name: "Timestamp", value: spec.timestamp }];
  return right(
    createRequest({
      method: right(method(spec.method)),
      uri: right(parseUri(`sip:${spec.uri ?? "bob"}@biloxi.example.com`)),
      via,
      to: right(parseNameAddr(`<sip:bob@biloxi.example.com>${toTag}`)),
      from: right(parseNameAddr(`<sip:alice@atlanta.example.com>;tag=${spec.fromTag ?? "1928301774"}`)),
      callId: right(callId(spec.callId ?? "a84b4c76e66710@client.example.com")),
      seq: spec.seq ?? 314159,
      route: (spec.routes ?? []).map((r) => right(parseNameAddr(`<sip:${r};lr>`, "Route"))),
      headers: extra,
    }),
  );
};

/** §8.2.6: a response to `req`; the To tag is added unless the request has one or it is a 100. */
export const response = (req: SipRequest, status: number, toTag = "a6c85cf"): SipResponse =>
  right(createResponse(status, { toTag: right(tag(toTag)) })(req));

export const udp: Peer = { transport: "UDP", host: "192.0.2.4", port: 5060 };
export const tcp: Peer = { transport: "TCP", host: "192.0.2.4", port: 5060 };

/** Header values by name, in order. */
export const values = (headers: ReadonlyArray<HeaderField>, name: string): ReadonlyArray<string> =>
  headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
