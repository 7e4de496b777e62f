// The client commands' arguments, read purely: `puresip options|message|register|call|subscribe|refer`.
import * as E from "fp-ts/lib/Either.js";
import type { OptionSpec } from "../args.js";
import { flag, option, parseArgs } from "../args.js";
import type { LocalUaPlan } from "./local-ua-args.js";
import { LOCAL_UA_OPTIONS, readLocalUa, wholeOption } from "./local-ua-args.js";

/** The client commands: each sends one request (or a call) and prints the outcome. */
export type ClientCommand = "options" | "message" | "register" | "call" | "subscribe" | "refer" | "transfer";

/** What a client command will send, and where, decided from its arguments. */
export interface ClientPlan extends LocalUaPlan {
  readonly command: ClientCommand;
  /** The target (options, message, call) or the registrar (register), as typed. */
  readonly target: string;
  /** MESSAGE text. */
  readonly text?: string;
  /** REGISTER, SUBSCRIBE: the Expires asked for. */
  readonly expires: number;
  /** subscribe: the event package (RFC 6665 §8.2.1), e.g. conference (RFC 4575). */
  readonly event?: string;
  /** call: how long the call stays up before the BYE; subscribe: how long to stay subscribed; ms. */
  readonly durationMs: number;
  /** refer: the Refer-To URI (`--target`), and its `method` parameter (`--method BYE`, RFC 4579 §5.11). */
  readonly referTo?: string;
  readonly referMethod?: string;
  /** Give up after this long, ms (on top of the transaction timers). */
  readonly timeoutMs: number;
  /** transfer: where the peer is transferred to (RFC 3515 Refer-To). */
  readonly transferTo?: string;
  /** transfer: call the target first and send a Replaces for that call (RFC 5589 §7), holding the peer meanwhile. */
  readonly attended?: boolean;
}

const options: ReadonlyArray<OptionSpec> = [
  ...LOCAL_UA_OPTIONS,
  { name: "expires", value: true },
  { name: "event", short: "e", value: true },
  { name: "duration", short: "d", value: true },
  { name: "timeout", value: true },
  { name: "target", value: true },
  { name: "method", value: true },
  { name: "to", value: true },
  { name: "attended", value: false },
];

/** `2`, `2s`, `1500ms`, `1m`: a duration in milliseconds. */
export const parseDuration = (text: string): E.Either<string, number> => {
  const m = /^([0-9]{1,9})(ms|s|m)?$/.exec(text);
  if (m === null) return E.left(`not a duration: "${text}" (write 2s, 1500ms or 1m)`);
  const n = Number(m[1]);
  return E.right(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
};

const arity: Readonly<Record<ClientCommand, number>> = { options: 1, message: 2, register: 1, call: 1, subscribe: 1, refer: 1, transfer: 1 };
const usageOf: Readonly<Record<ClientCommand, string>> = {
  options: "puresip options <uri>",
  message: "puresip message <uri> <text>",
  register: "puresip register <registrar-uri> --user <name> [--password <p>]",
  call: "puresip call <uri> [--duration 5s]",
  subscribe: "puresip subscribe <uri> --event <package> [--expires N] [--duration 30s]",
  refer: "puresip refer <uri> --target <uri> [--method BYE]",
  transfer: "puresip transfer <uri> --to <target> [--attended]",
};

/** RFC 6665 §8.2.1 / RFC 3261 §25.1: an event package name is a token (with dots for templates). */
const EVENT_PACKAGE = /^[A-Za-z0-9!%*_+`'~.-]{1,64}$/;

export const isClientCommand = (s: string): s is ClientCommand => s in arity;

/** Reads a client command's arguments into a plan, or the error to print. */
export const parseClientArgs = (command: ClientCommand, argv: ReadonlyArray<string>): E.Either<string, ClientPlan> => {
  const parsed = parseArgs(argv, options);
  if (E.isLeft(parsed)) return parsed;
  const a = parsed.right;
  if (a.positionals.length !== arity[command]) return E.left(`expected ${usageOf[command]}`);
  const [target = "", text] = a.positionals;
  const local = readLocalUa(a);
  if (E.isLeft(local)) return local;
  const expires = wholeOption("expires", option(a, "expires"), 3600, 0x7fffffff);
  const event = option(a, "event");
  if (command === "subscribe" && event === undefined) return E.left(`--event is required: ${usageOf.subscribe}`);
  if (event !== undefined && !EVENT_PACKAGE.test(event)) return E.left(`--event must be an event package name (a token), got "${event}"`);
  const duration = parseDuration(option(a, "duration") ?? (command === "subscribe" ? "30s" : "5s"));
  const timeout = parseDuration(option(a, "timeout") ?? "32s");
  for (const r of [expires, duration, timeout]) if (E.isLeft(r)) return r;
  const referTo = option(a, "target");
  const referMethod = option(a, "method");
  if (command === "refer" && referTo === undefined) return E.left(`expected ${usageOf.refer}`);
  if (referMethod !== undefined && !/^[A-Za-z]+$/.test(referMethod)) return E.left(`--method must be a SIP method name, got "${referMethod}"`);
  const transferTo = option(a, "to");
  if (command === "transfer" && transferTo === undefined) return E.left(`expected ${usageOf.transfer}`);
  return E.right({
    ...local.right,
    command,
    target,
    ...(text === undefined ? {} : { text }),
    expires: E.isRight(expires) ? expires.right : 3600,
    ...(event === undefined ? {} : { event }),
    durationMs: E.isRight(duration) ? duration.right : 5000,
    timeoutMs: E.isRight(timeout) ? timeout.right : 32_000,
    ...(referTo === undefined ? {} : { referTo }),
    ...(referMethod === undefined ? {} : { referMethod: referMethod.toUpperCase() }),
    ...(transferTo === undefined ? {} : { transferTo }),
    ...(flag(a, "attended") ? { attended: true } : {}),
  });
};
