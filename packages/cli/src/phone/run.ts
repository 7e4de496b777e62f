// `puresip phone`: a UA that calls and answers, driven one console line at a time. Each line is
// read by `parsePhoneCommand` (command.ts) and turned into UA commands on @puresip/node's stack;
// every application event is printed as one `event ...` line (event-line.ts). `wait` blocks the
// script until an event comes, which is what makes a script on stdin deterministic.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { absurd } from "fp-ts/lib/function.js";
import type { Uri } from "@puresip/message";
import { Methods, printUri } from "@puresip/message";
import type { Stack } from "@puresip/node";
import { createStack, cryptoEntropy, hex } from "@puresip/node";
import { basicCapabilities } from "@puresip/ua";
import type { AppEvent, Capabilities, UsageKey } from "@puresip/ua";
import type { PhonePlan } from "../commands/phone-args.js";
import type { Io } from "../io.js";
import { capabilities } from "../serve/media.js";
import { tracer } from "../serve/trace.js";
import { targetUri } from "../client/uris.js";
import type { CallRef, PhoneCommand } from "./command.js";
import { parsePhoneCommand } from "./command.js";
import { eventLine } from "./event-line.js";
import { EventQueue } from "./event-queue.js";

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const text = (type: string, subtype: string) => ({ type, subtype, params: [] });

/**
 * A phone sends and takes re-INVITEs, UPDATE (RFC 3311), INFO (RFC 6086) and REFER with its
 * sipfrag NOTIFYs (RFC 3515 §2.4.4).
 */
const PHONE: Capabilities = {
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.UPDATE, Methods.INFO, Methods.REFER, Methods.NOTIFY],
  contentTypes: [...basicCapabilities.contentTypes, text("message", "sipfrag"), text("text", "plain"), text("application", "dtmf-relay")],
};

type CallState = "calling" | "ringing" | "incoming" | "established";

interface Call {
  readonly key: UsageKey;
  /** Who the call is with: the Request-URI we called, or the caller's From URI. */
  readonly peer: Uri;
  state: CallState;
}

/** The calls the console knows, numbered as they appear; a call is forgotten once it ended. */
class Calls {
  private next = 1;
  private readonly byNumber = new Map<number, Call>();
  private readonly numbers = new Map<UsageKey, number>();
  current: number | undefined;

  add(key: UsageKey, peer: Uri, state: CallState): number {
    const n = this.next++;
    this.byNumber.set(n, { key, peer, state });
    this.numbers.set(key, n);
    this.current = n;
    return n;
  }

  numberOf = (key: UsageKey): number | undefined => this.numbers.get(key);

  set(key: UsageKey, state: CallState): void {
    const n = this.numbers.get(key);
    const call = n === undefined ? undefined : this.byNumber.get(n);
    if (call !== undefined) call.state = state;
  }

  forget(key: UsageKey): void {
    const n = this.numbers.get(key);
    if (n === undefined) return;
    this.numbers.delete(key);
    this.byNumber.delete(n);
    if (this.current === n) this.current = undefined;
  }

  /** The call `ref` names (the current one when absent), or why there is none. */
  pick(ref: CallRef): E.Either<string, UsageKey> {
    return E.map((c: Call) => c.key)(this.find(ref));
  }

  find(ref: CallRef): E.Either<string, Call> {
    const n = ref ?? this.current;
    if (n === undefined) return E.left("no current call (give #n, see `calls`)");
    const call = this.byNumber.get(n);
    return call === undefined ? E.left(`no call #${String(n)}`) : E.right(call);
  }

  list(): ReadonlyArray<string> {
    return [...this.byNumber].map(([n, c]) => `call #${String(n)} ${c.state} ${printUri(c.peer)}${n === this.current ? " (current)" : ""}`);
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** The target as typed, with `;transport=tcp` when the phone speaks TCP (RFC 3263 §4.1 would pick UDP). */
const callTarget = (typed: string, transport: "udp" | "tcp"): E.Either<string, Uri> => {
  const t = targetUri(typed);
  if (E.isLeft(t)) return t;
  if (t.right._tag !== "SipUri") return E.left(`only sip: and sips: URIs can be reached, not ${typed}`);
  const hasTransport = t.right.params.some((p) => p.name.toLowerCase() === "transport");
  return E.right(transport === "tcp" && !hasTransport ? { ...t.right, params: [...t.right.params, { name: "transport", value: "tcp" }] } : t.right);
};

/** The source of console lines and, on a terminal, how to show the prompt. */
export interface PhoneConsole {
  readonly lines: AsyncIterable<string>;
  /** Present only on a terminal: a script gets no prompts in its output. */
  readonly prompt?: () => void;
  /** Called once the console is done with its input. */
  readonly close?: () => void;
}

/** Runs the console until `quit` or the end of input; the exit status. */
export const runPhone = async (plan: PhonePlan, io: Io, input: PhoneConsole): Promise<number> => {
  const media = capabilities({ address: plan.host, port: 40000, codecs: plan.codecs }, String(Number.parseInt(hex(cryptoEntropy().bytes(6)), 16)));
  if (E.isLeft(media)) {
    io.stderr(`puresip phone: ${media.left}\n`);
    return 2;
  }
  const trace = tracer(plan, io);
  let stack: Stack;
  try {
    stack = await createStack({
      transports: [{ transport: plan.transport === "tcp" ? "TCP" : "UDP", host: plan.host, port: plan.port }],
      user: plan.user,
      credentials: plan.password === undefined ? [] : [{ username: plan.user, secret: { _tag: "Password", password: plan.password } }],
      capabilities: PHONE,
      media: media.right,
      closeTimeoutMs: 2000,
      ...(trace === undefined ? {} : { trace }),
      log: (e) => {
        if (e.level === "warn" || e.level === "error") io.stderr(`puresip phone: ${e.detail}\n`);
      },
    });
  } catch (e) {
    io.stderr(`puresip phone: ${describe(e)}\n`);
    return 1;
  }
  for (const l of stack.listening) io.stdout(`listening ${l.transport} ${l.host}:${String(l.port)} as sip:${plan.user}@${l.host}:${String(l.port)}${l.transport === "UDP" ? "" : `;transport=${l.transport.toLowerCase()}`}\n`);
  const calls = new Calls();
  const queue = new EventQueue();
  stack.on("event", (e: AppEvent) => {
    track(stack, calls, e);
    io.stdout(`${eventLine(e, calls.numberOf)}\n`);
    if (e._tag === "CallEnded" || e._tag === "CallFailed") calls.forget(e.call);
    queue.push(e._tag);
  });

  const outcome = { failed: false };
  const error = (message: string): void => {
    outcome.failed = true;
    io.stderr(`error: ${message}\n`);
  };
  const act = (ref: CallRef, f: (key: UsageKey) => void): void => {
    const key = calls.pick(ref);
    if (E.isLeft(key)) error(key.left);
    else f(key.right);
  };

  /** Carries out one command; false: stop. */
  const execute = async (c: PhoneCommand): Promise<boolean> => {
    switch (c._tag) {
      case "Call": {
        const uri = callTarget(c.uri, plan.transport);
        if (E.isLeft(uri)) error(uri.left);
        else await stack.call(uri.right).then(() => undefined, (e: unknown) => { error(`call: ${describe(e)}`); });
        return true;
      }
      case "Answer":
        act(c.call, (key) => {
          stack.answer(key);
          calls.current = calls.numberOf(key);
        });
        return true;
      case "Reject":
        act(c.call, (key) => { stack.reject(key, c.status); });
        return true;
      case "Hold":
        act(c.call, (call) => { stack.command({ _tag: "Hold", call }); });
        return true;
      case "Resume":
        act(c.call, (call) => { stack.command({ _tag: "Resume", call }); });
        return true;
      case "Reinvite":
        act(c.call, (call) => { stack.command({ _tag: "Reoffer", call, ...(c.offerless ? { offerless: true } : {}) }); });
        return true;
      case "Update":
        act(c.call, (call) => { stack.command({ _tag: "Reoffer", call, via: "UPDATE" }); });
        return true;
      case "Info":
        act(c.call, (call) => { stack.command({ _tag: "SendInDialog", call, method: Methods.INFO, body: { type: c.contentType, content: new TextEncoder().encode(c.text) } }); });
        return true;
      case "Refer": {
        const referTo = targetUri(c.uri);
        if (E.isLeft(referTo)) error(referTo.left);
        else act(c.call, (call) => { stack.command({ _tag: "Refer", call, referTo: referTo.right }); });
        return true;
      }
      case "Transfer": {
        const target = calls.find(c.target);
        if (E.isLeft(target)) error(target.left);
        else if (target.right.key === E.toUnion(calls.pick(c.call))) error("transfer: a call cannot be transferred to itself");
        else act(c.call, (call) => { stack.command({ _tag: "Refer", call, referTo: target.right.peer, replaces: target.right.key }); });
        return true;
      }
      case "Hangup":
        act(c.call, (key) => { stack.hangup(key); });
        return true;
      case "Calls": {
        const listed = calls.list();
        io.stdout(listed.length === 0 ? "no calls\n" : listed.map((l) => `${l}\n`).join(""));
        return true;
      }
      case "Wait": {
        const got = await queue.take(c.event, c.timeoutMs);
        if (!got) error(`wait: no ${c.event} within ${String(c.timeoutMs)} ms`);
        return true;
      }
      case "Sleep":
        await delay(c.ms);
        return true;
      case "Quit":
        return false;
      default:
        return absurd(c);
    }
  };

  try {
    input.prompt?.();
    for await (const line of input.lines) {
      const parsed = parsePhoneCommand(line);
      if (E.isLeft(parsed)) error(parsed.left);
      else if (O.isSome(parsed.right) && !(await execute(parsed.right.value))) break;
      input.prompt?.();
    }
  } finally {
    input.close?.();
    queue.close();
    // §15: every call still up is hung up (CANCEL or BYE), bounded by closeTimeoutMs.
    await stack.close();
  }
  return outcome.failed && input.prompt === undefined ? 1 : 0;
};

/** What the phone does by itself: keep each call's state, ring an incoming call, answer what the UA leaves to it. */
const track = (stack: Stack, calls: Calls, e: AppEvent): void => {
  switch (e._tag) {
    case "CallCreated":
      calls.add(e.call, e.invite.uri, "calling");
      return;
    case "IncomingCall":
      calls.add(e.call, e.invite.core.from?.uri ?? e.invite.uri, "incoming");
      // §13.3.1.1: 180 Ringing until the user answers or rejects.
      stack.ring(e.call);
      return;
    case "CallProgress":
      calls.set(e.call, "ringing");
      return;
    case "CallEstablished":
      calls.set(e.call, "established");
      return;
    case "InDialogRequest":
      // RFC 6086 §4.2.2: an INFO we took is answered 200; RFC 3261 §12.2.2: other methods the UA left to us, 501.
      stack.command({ _tag: "RespondTo", call: e.call, request: e.request, status: e.request.method === Methods.INFO ? 200 : 501 });
      return;
    case "Subscription":
      // RFC 3515 §2.4.2: a REFER to this phone is declined: transfers are started from the console, not followed.
      if (e.notice._tag === "Refer") stack.command({ _tag: "RejectSubscription", subscription: e.subscription, status: 603 });
      return;
    // §15.1.1: our BYE is out; the call stays listed until its CallEnded.
    case "SessionTerminated":
    case "CallEnded":
    case "CallFailed":
    case "CallNotMade":
    case "CallMedia":
    case "AnswerNeeded":
    case "ReofferDone":
    case "ReinviteAcked":
    case "InDialogDone":
    case "SubscriptionCreated":
    case "MessageReceived":
    case "MessageResult":
    case "OptionsResult":
    case "Registered":
    case "Unregistered":
    case "RegistrationFailed":
    case "Bindings":
    case "CredentialsNeeded":
    case "IncomingRequest":
    case "Rejected":
    case "Problem":
      return;
    default:
      absurd(e);
  }
};
