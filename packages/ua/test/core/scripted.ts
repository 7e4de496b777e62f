// A scripted SIP peer for flows against one UA core: a registrar or a UAS that answers each
// request it receives from a handler (no transaction layer: the links in these tests lose
// nothing, so nothing is retransmitted). Built with @puresip/message and @puresip/auth.
import * as E from "fp-ts/lib/Either.js";
import { createChallenge, verify } from "@puresip/auth";
import type { NonceState } from "@puresip/auth";
import { authorizationHeader, createResponse, parseMessage, printChallenge, proxyAuthorizationHeader, readHeaderList, serializeMessage, tag } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import type { Endpoint, NodeOutput } from "@puresip/testkit";
import * as O from "fp-ts/lib/Option.js";
import type { UaCommand } from "../../src/index.js";
import type { Wire } from "./harness.js";

export type Handler = (request: SipRequest) => ReadonlyArray<SipResponse>;

export interface Scripted {
  readonly handler: Handler;
  /** Every request received, in order. */
  readonly requests: Array<SipRequest>;
}

export const scripted = (handler: Handler): Scripted => ({ handler, requests: [] });

export const scriptedEndpoint: Endpoint<Scripted, Wire, UaCommand> = {
  deadline: () => O.none,
  step: (s, input) => {
    if (input._tag !== "Deliver") return [s, []];
    const parsed = parseMessage(input.message);
    if (E.isLeft(parsed) || parsed.right._tag !== "Request") return [s, []];
    s.requests.push(parsed.right);
    const out: Array<NodeOutput<Wire>> = s.handler(parsed.right).map((r) => ({ _tag: "Send", to: input.from, message: serializeMessage(r) }));
    return [s, out];
  },
};

const must = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

export const reply = (request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = [], body?: Uint8Array, toTag = "srv1"): SipResponse =>
  must(createResponse(status, { toTag: must(tag(toTag)), headers, ...(body === undefined ? {} : { body }) })(request));

/** A digest server for one realm and user: challenges, then checks credentials (RFC 7616 §3.3–3.5). */
export const digestServer = (realm: string, user: string, password: string, proxy: boolean) => {
  let nonces = 0;
  const issued = new Map<string, NonceState>();
  const challenge = (stale = false): HeaderField => {
    nonces += 1;
    const made = must(createChallenge({ realm, nonce: `${realm.length}n${nonces}ce`, algorithms: ["MD5"], ...(stale ? { stale: true } : {}) }));
    issued.set(made.state.nonce, made.state);
    const first = made.challenges[0];
    if (first === undefined) throw new Error("no challenge");
    return { name: proxy ? "Proxy-Authenticate" : "WWW-Authenticate", value: printChallenge(first) };
  };
  /** "ok", "none" (no credentials for us) or "bad". */
  const check = (request: SipRequest): "ok" | "none" | "bad" => {
    const list = readHeaderList(proxy ? proxyAuthorizationHeader : authorizationHeader)(request);
    if (E.isLeft(list)) return "bad";
    const mine = list.right.find((c) => c._tag === "DigestCredentials" && c.realm === realm);
    if (mine === undefined || mine._tag !== "DigestCredentials") return "none";
    const state = issued.get(mine.nonce);
    if (state === undefined) return "bad";
    const verified = verify(mine, { secret: { _tag: "Password", password }, method: request.method, username: user }, state);
    if (E.isLeft(verified)) return "bad";
    issued.set(mine.nonce, verified.right);
    return "ok";
  };
  return { challenge, check, status: proxy ? 407 : 401 };
};
