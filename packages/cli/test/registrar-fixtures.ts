// One REGISTER through serve's pure registrar with the shell's tables, as server.ts runs it.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createChallenge, respond } from "@puresip/auth";
import type { SipRequest, SipResponse, Tag } from "@puresip/message";
import { headerValues, parseChallenge, parseMessage, printCredentials } from "@puresip/message";
import type { Binding } from "@puresip/ua/registrar";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import { parseUsers } from "../src/config/users.js";
import type { RegistrarConfig } from "../src/serve/registrar.js";
import { register } from "../src/serve/registrar.js";
import { FailureBudgets, NonceUses, RegistrarMemory } from "../src/serve/registrar-tables.js";

export const REQUEST_URI = "sip:127.0.0.1";

export interface RegisterFields {
  readonly user?: string;
  readonly domain?: string;
  readonly cseq?: number;
  readonly callId?: string;
  readonly contact?: string;
  readonly expires?: number;
  readonly authorization?: string;
  readonly requestUri?: string;
}

export const registerRequest = (o: RegisterFields = {}): SipRequest => {
  const user = o.user ?? "alice";
  const domain = o.domain ?? "127.0.0.1";
  const lines = [
    `REGISTER ${o.requestUri ?? REQUEST_URI} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-${o.cseq ?? 1}`,
    "Max-Forwards: 70",
    `From: <sip:${user}@${domain}>;tag=f1`,
    `To: <sip:${user}@${domain}>`,
    `Call-ID: ${o.callId ?? "reg-1"}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    `Contact: ${o.contact ?? `<sip:${user}@127.0.0.1:5070>`}`,
    ...(o.expires === undefined ? [] : [`Expires: ${o.expires}`]),
    ...(o.authorization === undefined ? [] : [`Authorization: ${o.authorization}`]),
    "Content-Length: 0",
    "",
    "",
  ];
  const m = parseMessage(lines.join("\r\n"));
  if (E.isLeft(m) || m.right._tag !== "Request") throw new Error("fixture does not parse");
  return m.right;
};

export const users = (() => {
  // carol is stored as an MD5 HA1 only: H(carol:127.0.0.1:pass).
  const u = parseUsers("alice:secret\nbob:other\ncarol:127.0.0.1:03b95197f26d429e266603efcfa3c5b4\n");
  if (E.isLeft(u)) throw new Error("users");
  return u.right;
})();

export const open: RegistrarConfig = {
  realm: "127.0.0.1",
  users: O.none,
  algorithms: ["SHA-256", "MD5"],
  nonceLifetimeMs: 30_000,
  nonceSecret: new Uint8Array(32).fill(42),
  budgets: { perSource: { burst: 10, refillMs: 6_000 }, perUser: { burst: 5, refillMs: 12_000 } },
  rules: { ...defaultRegistrarConfig, domains: ["127.0.0.1"] },
};
export const guarded: RegistrarConfig = { ...open, users: O.some(users), rules: { ...open.rules, authorization: "UserPart" } };

export const freshMemory = (usedNonces = 100): RegistrarMemory => new RegistrarMemory(new NonceUses(usedNonces, 30_000), new FailureBudgets(100), new FailureBudgets(users.size));

export interface Outcome {
  readonly response: SipResponse;
  /** The AOR's bindings after the request: the new ones when it was accepted, else `current`. */
  readonly bindings: ReadonlyArray<Binding>;
}

let salt = 0;
/** One REGISTER through the registrar as the serve shell runs it, the writes applied to `memory`. */
export const step = (config: RegistrarConfig, memory: RegistrarMemory, current: ReadonlyArray<Binding>, request: SipRequest, now: number, source = "192.0.2.1"): Outcome => {
  salt++;
  const r = register(config)(memory.tables, current, { request, now, toTag: "t0" as Tag, salt: salt.toString(16).padStart(16, "0"), source, aors: 0 });
  if (E.isLeft(r)) throw new Error(r.left);
  memory.apply(r.right.writes, now);
  return { response: r.right.response, bindings: O.isSome(r.right.bind) ? r.right.bind.value.bindings : current };
};

export const contacts = (r: SipResponse): ReadonlyArray<string> => headerValues("Contact")(r);

/** The client's Authorization for the challenge of `reply` in `algorithm`. */
export const answer = (reply: SipResponse, user: string, password: string, algorithm: string, o: { readonly nc?: number; readonly uri?: string } = {}): string => {
  const header = headerValues("WWW-Authenticate")(reply).find((v) => v.includes(`algorithm=${algorithm}`));
  const challenge = parseChallenge(header ?? "");
  if (E.isLeft(challenge) || challenge.right._tag !== "DigestChallenge") throw new Error("no digest challenge");
  const credentials = respond({ challenge: challenge.right, username: user, secret: { _tag: "Password", password }, method: "REGISTER", uri: o.uri ?? REQUEST_URI, nc: o.nc ?? 1, cnonce: "c0ffee" });
  if (E.isLeft(credentials)) throw new Error(credentials.left._tag);
  return printCredentials(credentials.right);
};

/** Right credentials for a nonce this registrar may never have issued (a forged, foreign or pre-restart one). */
export const answerNonce = (nonce: string, user: string, password: string, algorithm: "MD5" | "SHA-256"): string => {
  const issued = createChallenge({ realm: "127.0.0.1", nonce, algorithms: [algorithm] });
  const challenge = E.isRight(issued) ? issued.right.challenges[0] : undefined;
  if (challenge === undefined) throw new Error("challenge");
  const credentials = respond({ challenge, username: user, secret: { _tag: "Password", password }, method: "REGISTER", uri: REQUEST_URI, nc: 1, cnonce: "c0ffee" });
  if (E.isLeft(credentials)) throw new Error(credentials.left._tag);
  return printCredentials(credentials.right);
};
