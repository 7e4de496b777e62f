// The client commands as processes, each a UA core run by @puresip/node's `createStack` on a
// local port: OPTIONS (§11), MESSAGE (RFC 3428), REGISTER (§10.2) and a call (§13.2, §15.1).
// The UA core builds every request, answers digest challenges from `--password` (§22.2), makes
// the SDP offer from `--codecs` and sends the ACK and BYE; this file prints what came back.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipResponse, Uri } from "@puresip/message";
import { contactHeader, headerField, headerKey, printUri, reasonPhrase } from "@puresip/message";
import type { Stack, TraceEvent } from "@puresip/node";
import { createStack, cryptoEntropy, hex } from "@puresip/node";
import type { AppEvent, UsageKey } from "@puresip/ua";
import type { ClientPlan } from "../commands/client-args.js";
import type { Io } from "../io.js";
import { capabilities, describeNegotiation } from "../serve/media.js";
import { tracer } from "../serve/trace.js";
import { FinalResponses } from "./finals.js";
import { addressOfRecord, targetUri } from "./uris.js";

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const withTimeout = <A>(p: Promise<A>, ms: number): Promise<E.Either<string, A>> =>
  Promise.race([
    p.then((a) => E.right(a)),
    new Promise<E.Either<string, A>>((resolve) => setTimeout(() => { resolve(E.left(`no answer within ${ms} ms`)); }, ms).unref()),
  ]);

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** `200 OK`: the status line as the peer sent it, or the standard phrase when none came (408). */
const statusLine = (status: number, response: O.Option<SipResponse>): string =>
  O.isSome(response) && response.value.status === status ? `${status} ${response.value.reason}` : `${status} ${reasonPhrase(status)}`;

/** §11.2: what the peer says it supports. */
const CAPABILITY_HEADERS = ["allow", "accept", "supported", "server", "user-agent"];

export const runClient = async (plan: ClientPlan, io: Io): Promise<number> => {
  const fail = (text: string, code = 1): number => {
    io.stderr(`puresip ${plan.command}: ${text}\n`);
    return code;
  };
  const target = targetUri(plan.target);
  if (E.isLeft(target)) return fail(target.left, 2);
  if (target.right._tag !== "SipUri") return fail(`only sip: and sips: URIs can be reached, not ${plan.target}`, 2);
  const transportParam = target.right.params.find((p) => p.name.toLowerCase() === "transport")?.value?.toLowerCase();
  const transport = transportParam === "tcp" ? "tcp" : plan.transport;
  // RFC 3263 §4.1: without a transport parameter a sip: URI with a numeric host means UDP; ask for ours.
  const uri: Uri = transportParam === undefined && transport === "tcp" ? { ...target.right, params: [...target.right.params, { name: "transport", value: "tcp" }] } : target.right;
  const media = capabilities({ address: plan.host, port: 40000, codecs: plan.codecs }, String(Number.parseInt(hex(cryptoEntropy().bytes(6)), 16)));
  if (E.isLeft(media)) return fail(media.left, 2);
  const aor = addressOfRecord(plan.user, target.right);

  const finals = new FinalResponses();
  const trace = tracer(plan, io);
  const observe = (e: TraceEvent): void => {
    trace?.(e);
    if (e.direction === "received") finals.observe(e.bytes);
  };
  let stack: Stack;
  try {
    stack = await createStack({
      transports: [{ transport: transport === "tcp" ? "TCP" : "UDP", host: plan.host, port: plan.port }],
      user: plan.user,
      aor: printUri(aor),
      credentials: plan.password === undefined ? [] : [{ username: plan.user, secret: { _tag: "Password", password: plan.password } }],
      media: media.right,
      // What is still open at the end (a request that timed out) is not worth a long wait.
      closeTimeoutMs: 1000,
      trace: observe,
      log: (e) => {
        if (e.level === "warn" || e.level === "error") io.stderr(`puresip ${plan.command}: ${e.detail}\n`);
      },
    });
  } catch (e) {
    return fail(describe(e));
  }
  // Why a request failed (RFC 3263 found nothing, a transport error) goes to stderr.
  stack.on("Problem", (e) => {
    io.stderr(`puresip ${plan.command}: ${e.reason}\n`);
  });
  let unregister = true;
  try {
    switch (plan.command) {
      case "options": {
        const r = await withTimeout(stack.options(uri), plan.timeoutMs);
        if (E.isLeft(r)) return fail(r.left);
        io.stdout(`${statusLine(r.right.status, r.right.response)}\n`);
        if (O.isSome(r.right.response)) for (const h of r.right.response.value.headers) if (CAPABILITY_HEADERS.includes(headerKey(h.name))) io.stdout(`${h.name}: ${h.value}\n`);
        return r.right.status < 300 ? 0 : 1;
      }
      case "message": {
        const r = await withTimeout(stack.message(uri, plan.text ?? "", "text/plain"), plan.timeoutMs);
        if (E.isLeft(r)) return fail(r.left);
        io.stdout(`${statusLine(r.right.status, finals.last("MESSAGE"))}\n`);
        return r.right.status < 300 ? 0 : 1;
      }
      case "register": {
        // The binding stays for its interval after this process exits (§10.2.1: the registrar keeps it).
        unregister = false;
        const r = await withTimeout(stack.register("cli", uri, plan.expires), plan.timeoutMs);
        if (E.isLeft(r)) return fail(r.left);
        const outcome = r.right;
        if (outcome._tag !== "Registered") {
          const status = outcome._tag === "RegistrationFailed" ? outcome.status : 200;
          io.stdout(`${statusLine(status, finals.last("REGISTER"))}\n`);
          return 1;
        }
        const ok = finals.last("REGISTER");
        io.stdout(`${O.isSome(ok) ? `${ok.value.status} ${ok.value.reason}` : "registered"}\n`);
        for (const c of outcome.contacts) io.stdout(`Contact: ${headerField(contactHeader)(c).value}\n`);
        return 0;
      }
      case "call":
        return await call(stack, uri, plan, io, finals, fail);
    }
  } finally {
    await stack.close({ unregister });
  }
};

type CallMedia = Extract<AppEvent, { _tag: "CallMedia" }>;
type CallEnded = Extract<AppEvent, { _tag: "CallEnded" }>;

/** INVITE with the UA's own offer, print the answer and the media, hang up after `durationMs`. */
const call = async (stack: Stack, uri: Uri, plan: ClientPlan, io: Io, finals: FinalResponses, fail: (text: string) => number): Promise<number> => {
  const media: Array<CallMedia> = [];
  let endedBy: ((e: CallEnded) => void) | undefined;
  const ended: Array<CallEnded> = [];
  stack.on("CallMedia", (e) => media.push(e));
  stack.on("CallEnded", (e) => {
    ended.push(e);
    endedBy?.(e);
  });
  const key: UsageKey = await stack.call(uri);
  const outcome = await withTimeout(stack.outcome(key), plan.timeoutMs);
  if (E.isLeft(outcome)) return fail(outcome.left);
  const o = outcome.right;
  if (o._tag === "CallFailed") {
    io.stdout(`${statusLine(o.status, finals.last("INVITE"))}\n`);
    return 1;
  }
  if (o._tag === "CallEnded") return fail(`the call ended before it was answered (${o.reason})`);
  const ok = finals.last("INVITE");
  io.stdout(`${O.isSome(ok) ? `${ok.value.status} ${ok.value.reason}` : "answered"}\n`);
  const agreed = media.filter((m) => m.call === key).at(-1);
  if (agreed === undefined) io.stdout("media: none negotiated\n");
  else for (const line of describeNegotiation(agreed.negotiation)) io.stdout(`media: ${line}\n`);
  const remote = new Promise<CallEnded>((resolve) => {
    const already = ended.find((e) => e.call === key);
    if (already !== undefined) resolve(already);
    endedBy = (e) => { if (e.call === key) resolve(e); };
  });
  const first = await Promise.race([remote, delay(plan.durationMs).then(() => undefined)]);
  if (first !== undefined) {
    io.stdout(first.reason === "RemoteBye" ? "the peer hung up\n" : `the call ended: ${first.reason}\n`);
    return first.reason === "RemoteBye" ? 0 : 1;
  }
  // A proxy that authenticates its users challenges the BYE too (§22.3); with a password the UA answers it.
  const byeAnswered = finals.next("BYE", plan.password === undefined ? 0 : 1);
  stack.hangup(key);
  const bye = await withTimeout(byeAnswered, plan.timeoutMs);
  io.stdout(`BYE: ${E.isLeft(bye) ? bye.left : `${bye.right.status} ${bye.right.reason}`}\n`);
  return E.isRight(bye) && bye.right.status < 300 ? 0 : 1;
};
