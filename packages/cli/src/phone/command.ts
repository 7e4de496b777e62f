// The commands of `puresip phone`, read purely from one line of its console (a terminal or a
// script on stdin). A line is words separated by blanks; `#n` as the first argument names the
// call a command acts on (the console numbers calls 1, 2, ... as they appear), otherwise it acts
// on the current call. A blank line is no command.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { absurd } from "fp-ts/lib/function.js";
import { parseDuration } from "../commands/client-args.js";

/** The console's own number for a call; absent: the current call. */
export type CallRef = number | undefined;

export type PhoneCommand =
  /** §13.2.1: INVITE `uri` with our offer. */
  | { readonly _tag: "Call"; readonly uri: string }
  /** §13.3.1.4: 200 to an incoming call, with our answer. */
  | { readonly _tag: "Answer"; readonly call: CallRef }
  /** §13.3.1.3: a final non-2xx to an incoming call (486 Busy Here unless given). */
  | { readonly _tag: "Reject"; readonly call: CallRef; readonly status: number }
  /** RFC 3264 §8.4: re-offer with a=sendonly; `Resume` with a=sendrecv. */
  | { readonly _tag: "Hold"; readonly call: CallRef }
  | { readonly _tag: "Resume"; readonly call: CallRef }
  /** §14.1: a re-INVITE with our offer, or without one (the peer offers in its 2xx). */
  | { readonly _tag: "Reinvite"; readonly call: CallRef; readonly offerless: boolean }
  /** RFC 3311: UPDATE with our offer. */
  | { readonly _tag: "Update"; readonly call: CallRef }
  /** RFC 6086: INFO with `text` as a body of `contentType`. */
  | { readonly _tag: "Info"; readonly call: CallRef; readonly contentType: string; readonly text: string }
  /** RFC 3515 §2.4.1: REFER the peer of the call to `uri` (a blind transfer, RFC 5589 §6). */
  | { readonly _tag: "Refer"; readonly call: CallRef; readonly uri: string }
  /**
   * RFC 5589 §7 attended transfer: REFER the peer of `call` to the peer of `target`, with a
   * Replaces naming `target` (RFC 3891 §6.1), so that call is taken over by the transferee's.
   */
  | { readonly _tag: "Transfer"; readonly call: CallRef; readonly target: number }
  /** §15: BYE (CANCEL before the 2xx, §9). */
  | { readonly _tag: "Hangup"; readonly call: CallRef }
  | { readonly _tag: "Calls" }
  /** Block the script until an event with this tag comes (one not waited for yet), or fail after `timeoutMs`. */
  | { readonly _tag: "Wait"; readonly event: string; readonly timeoutMs: number }
  | { readonly _tag: "Sleep"; readonly ms: number }
  | { readonly _tag: "Quit" };

/** `wait`'s default and the longest `wait` or `sleep`: a script never hangs for longer. */
export const DEFAULT_WAIT_MS = 10_000;
export const MAX_PAUSE_MS = 3_600_000;

/** RFC 3261 §25.1: a content type is token/token; an event tag is an AppEvent name. */
const CONTENT_TYPE = /^[A-Za-z0-9!%*_+`'~.-]+\/[A-Za-z0-9!%*_+`'~.-]+$/;
const EVENT_TAG = /^[A-Z][A-Za-z]{0,39}$/;

const USAGE: Readonly<Record<string, string>> = {
  call: "call <uri>",
  answer: "answer [#n]",
  reject: "reject [#n] [status]",
  hold: "hold [#n]",
  resume: "resume [#n]",
  reinvite: "reinvite [#n] [--offerless]",
  update: "update [#n]",
  info: "info [#n] <content-type> <text>",
  refer: "refer [#n] <uri>",
  transfer: "transfer [#n] #m",
  hangup: "hangup [#n]",
  calls: "calls",
  wait: "wait <EventTag> [timeout]",
  sleep: "sleep <duration>",
  quit: "quit",
};

/** The commands and their arguments, for `help` and error messages. */
export const commandSummary: ReadonlyArray<string> = Object.values(USAGE);

const expected = (name: string): E.Either<string, never> => E.left(`expected ${USAGE[name] ?? name}`);

/** `#2`: the call's number. */
const callRef = (word: string | undefined): O.Option<number> => {
  const m = word === undefined ? null : /^#([1-9][0-9]{0,8})$/.exec(word);
  return m === null ? O.none : O.some(Number(m[1]));
};

const pause = (text: string): E.Either<string, number> => {
  const d = parseDuration(text);
  return E.isRight(d) && d.right > MAX_PAUSE_MS ? E.left(`at most 1h, got "${text}"`) : d;
};

/** One console line: a command, none (a blank line), or why it is not one. Never throws. */
export const parsePhoneCommand = (line: string): E.Either<string, O.Option<PhoneCommand>> => {
  const words = line.trim().split(/\s+/).filter((w) => w !== "");
  const [name, ...rest] = words;
  if (name === undefined) return E.right(O.none);
  const ref = callRef(rest[0]);
  const call: CallRef = O.isSome(ref) ? ref.value : undefined;
  const args = O.isSome(ref) ? rest.slice(1) : rest;
  const some = (c: PhoneCommand): E.Either<string, O.Option<PhoneCommand>> => E.right(O.some(c));
  const onlyCall = (c: PhoneCommand): E.Either<string, O.Option<PhoneCommand>> => (args.length === 0 ? some(c) : expected(name));
  switch (name.toLowerCase()) {
    case "call":
      return rest.length === 1 && rest[0] !== undefined && !rest[0].startsWith("#") ? some({ _tag: "Call", uri: rest[0] }) : expected("call");
    case "answer":
      return onlyCall({ _tag: "Answer", call });
    case "reject": {
      if (args.length > 1) return expected("reject");
      const status = args[0] ?? "486";
      // §21: a final non-2xx status to refuse a call.
      if (!/^[3-6][0-9]{2}$/.test(status)) return E.left(`reject: the status must be 300 to 699, got "${status}"`);
      return some({ _tag: "Reject", call, status: Number(status) });
    }
    case "hold":
      return onlyCall({ _tag: "Hold", call });
    case "resume":
      return onlyCall({ _tag: "Resume", call });
    case "reinvite":
      if (args.length === 0) return some({ _tag: "Reinvite", call, offerless: false });
      return args.length === 1 && args[0] === "--offerless" ? some({ _tag: "Reinvite", call, offerless: true }) : expected("reinvite");
    case "update":
      return onlyCall({ _tag: "Update", call });
    case "info": {
      const [contentType, ...text] = args;
      if (contentType === undefined || text.length === 0) return expected("info");
      if (!CONTENT_TYPE.test(contentType)) return E.left(`info: not a content type: "${contentType}"`);
      return some({ _tag: "Info", call, contentType, text: text.join(" ") });
    }
    case "refer":
      return args.length === 1 && args[0] !== undefined ? some({ _tag: "Refer", call, uri: args[0] }) : expected("refer");
    case "transfer": {
      // One call number is the target (the current call is transferred); two: the call, then the target.
      const numbers = rest.map(callRef);
      const [first, second] = numbers;
      if (numbers.length === 1 && first !== undefined && O.isSome(first)) return some({ _tag: "Transfer", call: undefined, target: first.value });
      if (numbers.length === 2 && first !== undefined && second !== undefined && O.isSome(first) && O.isSome(second)) return some({ _tag: "Transfer", call: first.value, target: second.value });
      return expected("transfer");
    }
    case "hangup":
      return onlyCall({ _tag: "Hangup", call });
    case "calls":
      return rest.length === 0 ? some({ _tag: "Calls" }) : expected("calls");
    case "wait": {
      const [event, timeout, ...extra] = rest;
      if (event === undefined || extra.length > 0) return expected("wait");
      if (!EVENT_TAG.test(event)) return E.left(`wait: not an event tag: "${event}" (e.g. CallEstablished)`);
      const ms = timeout === undefined ? E.right(DEFAULT_WAIT_MS) : pause(timeout);
      return E.isLeft(ms) ? E.left(`wait: ${ms.left}`) : some({ _tag: "Wait", event, timeoutMs: ms.right });
    }
    case "sleep": {
      const [duration, ...extra] = rest;
      if (duration === undefined || extra.length > 0) return expected("sleep");
      const ms = pause(duration);
      return E.isLeft(ms) ? E.left(`sleep: ${ms.left}`) : some({ _tag: "Sleep", ms: ms.right });
    }
    case "quit":
    case "exit":
      return rest.length === 0 ? some({ _tag: "Quit" }) : expected("quit");
    default:
      return E.left(`unknown command "${name}"; commands: ${commandSummary.join(", ")}`);
  }
};

const withCall = (name: string, call: CallRef, ...args: ReadonlyArray<string>): string => [name, ...(call === undefined ? [] : [`#${String(call)}`]), ...args].join(" ");

/** The line that `parsePhoneCommand` reads back as `c` (its canonical spelling). */
export const printPhoneCommand = (c: PhoneCommand): string => {
  switch (c._tag) {
    case "Call":
      return `call ${c.uri}`;
    case "Answer":
      return withCall("answer", c.call);
    case "Reject":
      return withCall("reject", c.call, String(c.status));
    case "Hold":
      return withCall("hold", c.call);
    case "Resume":
      return withCall("resume", c.call);
    case "Reinvite":
      return withCall("reinvite", c.call, ...(c.offerless ? ["--offerless"] : []));
    case "Update":
      return withCall("update", c.call);
    case "Info":
      return withCall("info", c.call, c.contentType, c.text);
    case "Refer":
      return withCall("refer", c.call, c.uri);
    case "Transfer":
      return withCall("transfer", c.call, `#${String(c.target)}`);
    case "Hangup":
      return withCall("hangup", c.call);
    case "Calls":
      return "calls";
    case "Wait":
      return `wait ${c.event} ${String(c.timeoutMs)}ms`;
    case "Sleep":
      return `sleep ${String(c.ms)}ms`;
    case "Quit":
      return "quit";
    default:
      return absurd(c);
  }
};

