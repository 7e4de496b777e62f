// The client commands as processes: start a small endpoint on a free local port (the same
// shell as `puresip serve`), send the request(s), print what came back, close everything.
import { appendFileSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { chooseChallenge, hexEntropy, respond } from "@puresip/auth";
import type { HeaderField, Method, SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { headerKey, parseChallenge, printCredentials, serializeMessage } from "@puresip/message";
import { cryptoEntropy, hex } from "@puresip/node";
import type { Peer } from "@puresip/transaction";
import type { ClientPlan } from "../commands/client.js";
import { defaultServeConfig } from "../config/serve-config.js";
import type { Io } from "../io.js";
import { traceLine, traceLogBlock } from "../ladder/live.js";
import { capabilities, describeNegotiation, negotiated, offer } from "../serve/media.js";
import type { Server } from "../serve/server.js";
import { startServer } from "../serve/server.js";
import type { Dialog, Local, Tokens } from "./requests.js";
import { ackOf, byeOf, dialogOf, outOfDialog, registerRequest, targetUri } from "./requests.js";

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const entropy = cryptoEntropy();
const token = (bytes = 8): string => hex(entropy.bytes(bytes));
const tokens = (local: Local): Tokens => ({ branch: token(), tag: token(), callId: `${token(12)}@${local.host}` });
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const statusLine = (r: SipResponse): string => `${r.status} ${r.reason}`;

/** §22.2, §22.3: credentials for the strongest challenge of a 401 or 407, for the retried request. */
const authorize = (response: SipResponse, request: SipRequest, user: string, password: string): E.Either<string, HeaderField> => {
  const proxy = response.status === 407;
  const name = proxy ? "proxy-authenticate" : "www-authenticate";
  const challenges = response.headers.filter((h) => headerKey(h.name) === name).flatMap((h) => {
    const c = parseChallenge(h.value);
    return E.isRight(c) ? [c.right] : [];
  });
  const chosen = chooseChallenge(challenges);
  if (O.isNone(chosen)) return E.left(`no digest challenge this client can answer in the ${response.status}`);
  const credentials = respond({
    challenge: chosen.value,
    username: user,
    secret: { _tag: "Password", password },
    method: request.method,
    uri: serializeUri(request),
    body: request.body,
    nc: 1,
    cnonce: hexEntropy(entropy.bytes(16)),
  });
  if (E.isLeft(credentials)) return E.left(`cannot answer the challenge: ${credentials.left._tag}`);
  return E.right({ name: proxy ? "Proxy-Authorization" : "Authorization", value: printCredentials(credentials.right) });
};

/** The Request-URI exactly as it goes on the wire (RFC 8760 §2.6 item 3: digest-uri-value). */
const serializeUri = (request: SipRequest): string => {
  const line = decoder.decode(serializeMessage(request)).split("\r\n")[0] ?? "";
  return line.slice(line.indexOf(" ") + 1, line.lastIndexOf(" "));
};

const withTimeout = <A>(p: Promise<E.Either<string, A>>, ms: number): Promise<E.Either<string, A>> =>
  Promise.race([p, new Promise<E.Either<string, A>>((resolve) => setTimeout(() => { resolve(E.left(`no answer within ${ms} ms`)); }, ms).unref())]);

export const runClient = async (plan: ClientPlan, io: Io): Promise<number> => {
  const fail = (text: string, code = 1): number => {
    io.stderr(`puresip ${plan.command}: ${text}\n`);
    return code;
  };
  const target = targetUri(plan.target);
  if (E.isLeft(target)) return fail(target.left, 2);
  const uri = target.right;
  if (uri._tag !== "SipUri") return fail(`only sip: URIs can be reached, not ${plan.target}`, 2);
  let address = uri.host.value;
  if (isIP(address) === 0) {
    try {
      address = (await lookup(address)).address;
    } catch (e) {
      return fail(`cannot resolve ${uri.host.value}: ${describe(e)}`);
    }
  }
  const transportParam = uri.params.find((p) => p.name.toLowerCase() === "transport")?.value?.toLowerCase();
  const transport = transportParam === "tcp" ? "tcp" : plan.transport;
  const destination: Peer = { transport: transport.toUpperCase(), host: address, port: uri.port ?? 5060 };

  const started = performance.now();
  const trace = (direction: "sent" | "received", local: string, remote: string, message: SipMessage): void => {
    const m = { direction, elapsedMs: performance.now() - started, local, remote, text: decoder.decode(serializeMessage(message)) };
    if (plan.trace) io.stderr(traceLine(m));
    if (plan.traceLog !== undefined) appendFileSync(plan.traceLog, traceLogBlock(m));
  };
  let dialog: Dialog | undefined;
  let ack: SipRequest | undefined;
  let hungUp: () => void = () => undefined;
  const remoteBye = new Promise<void>((resolve) => {
    hungUp = resolve;
  });
  let endpoint: Server;
  try {
    endpoint = await startServer(
      { ...defaultServeConfig, host: plan.host, port: plan.port, transports: [transport], media: { ...defaultServeConfig.media, address: plan.host, codecs: plan.codecs } },
      undefined,
      {
        ...(plan.trace || plan.traceLog !== undefined ? { trace } : {}),
        inDialog: (request) => {
          if (request.method !== "BYE" || dialog === undefined || request.core.callId !== dialog.callId) return undefined;
          hungUp();
          return 200;
        },
        retransmitted2xx: () => {
          if (ack !== undefined) void endpoint.request(ack, destination);
        },
      },
    );
  } catch (e) {
    return fail(`cannot listen on ${plan.host}:${plan.port}: ${describe(e)}`);
  }
  const listening = endpoint.listening[0];
  const local: Local = { transport, host: plan.host, port: listening?.port ?? plan.port, user: plan.user };

  /** Sends, and once more with credentials if challenged and a password was given. */
  const send = async (build: (t: Tokens, seq: number, extra: ReadonlyArray<HeaderField>) => E.Either<string, SipRequest>): Promise<E.Either<string, readonly [SipRequest, SipResponse]>> => {
    const t = tokens(local);
    const first = build(t, 1, []);
    if (E.isLeft(first)) return first;
    const r1 = await withTimeout(endpoint.request(first.right, destination), plan.timeoutMs);
    if (E.isLeft(r1)) return r1;
    if ((r1.right.status !== 401 && r1.right.status !== 407) || plan.password === undefined) return E.right([first.right, r1.right]);
    const header = authorize(r1.right, first.right, plan.user, plan.password);
    if (E.isLeft(header)) return header;
    // The retry keeps Call-ID and From tag and takes the next CSeq (§8.1.3.5, §22.2).
    const second = withSeq(build({ ...t, branch: token() }, 2, [header.right]), 2);
    if (E.isLeft(second)) return second;
    const r2 = await withTimeout(endpoint.request(second.right, destination), plan.timeoutMs);
    return E.map((r: SipResponse) => [second.right, r] as const)(r2);
  };

  try {
    switch (plan.command) {
      case "options":
      case "message": {
        const method = (plan.command === "options" ? "OPTIONS" : "MESSAGE") as Method;
        const body = plan.command === "message" ? { body: encoder.encode(plan.text ?? ""), headers: [{ name: "Content-Type", value: "text/plain;charset=utf-8" }] } : {};
        const r = await send((t, _seq, extra) => outOfDialog(local, uri, t, method, { ...body, headers: [...(body.headers ?? []), ...extra] }));
        if (E.isLeft(r)) return fail(r.left);
        const [, response] = r.right;
        io.stdout(`${statusLine(response)}\n`);
        // §11.2: what the peer says it supports.
        for (const h of response.headers) if (["allow", "accept", "supported", "server", "user-agent"].includes(headerKey(h.name))) io.stdout(`${h.name}: ${h.value}\n`);
        return response.status < 300 ? 0 : 1;
      }
      case "register": {
        const r = await send((t, seq, extra) => registerRequest(local, uri, t, seq, plan.expires, extra));
        if (E.isLeft(r)) return fail(r.left);
        const [, response] = r.right;
        io.stdout(`${statusLine(response)}\n`);
        for (const h of response.headers) if (headerKey(h.name) === "contact") io.stdout(`Contact: ${h.value}\n`);
        return response.status < 300 ? 0 : 1;
      }
      case "call": {
        const caps = capabilities({ address: plan.host, port: 40000, codecs: plan.codecs }, String(Date.now()));
        if (E.isLeft(caps)) return fail(caps.left, 2);
        const sdp = offer(caps.right);
        if (E.isLeft(sdp)) return fail(sdp.left);
        const r = await send((t, _seq, extra) =>
          outOfDialog(local, uri, t, "INVITE" as Method, { contact: true, headers: [{ name: "Content-Type", value: "application/sdp" }, ...extra], body: encoder.encode(sdp.right) }),
        );
        if (E.isLeft(r)) return fail(r.left);
        const [invite, response] = r.right;
        io.stdout(`${statusLine(response)}\n`);
        if (response.status >= 300) return 1;
        const d = dialogOf(invite, response);
        if (E.isLeft(d)) return fail(d.left);
        dialog = d.right;
        const ackRequest = ackOf(local, d.right, token());
        if (E.isLeft(ackRequest)) return fail(ackRequest.left);
        ack = ackRequest.right;
        await endpoint.request(ack, destination);
        const media = negotiated(sdp.right, response.body);
        if (E.isLeft(media)) io.stdout(`media: ${media.left}\n`);
        else for (const line of describeNegotiation(media.right)) io.stdout(`media: ${line}\n`);
        const byRemote = await Promise.race([remoteBye.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => { resolve(false); }, plan.durationMs))]);
        if (byRemote) {
          io.stdout("the peer hung up\n");
          return 0;
        }
        const bye = byeOf(local, d.right, token());
        if (E.isLeft(bye)) return fail(bye.left);
        const ended = await withTimeout(endpoint.request(bye.right, destination), plan.timeoutMs);
        io.stdout(`BYE: ${E.isLeft(ended) ? ended.left : statusLine(ended.right)}\n`);
        return E.isRight(ended) && ended.right.status < 300 ? 0 : 1;
      }
    }
  } finally {
    await endpoint.close();
  }
};

/** The same request with CSeq `seq` (a retry after a challenge keeps Call-ID and From tag). */
const withSeq = (built: E.Either<string, SipRequest>, seq: number): E.Either<string, SipRequest> =>
  E.map((req: SipRequest): SipRequest => {
    const headers = req.headers.map((h) => (headerKey(h.name) === "cseq" ? { name: h.name, value: `${seq} ${req.method}` } : h));
    return { ...req, headers, core: { ...req.core, ...(req.core.cseq === undefined ? {} : { cseq: { ...req.core.cseq, seq } }) } };
  })(built);
