// The application's view of a browser UA (issue #18): `createPhone(options)` opens the
// WebSocket and runs the UA core; methods for its commands, its AppEvents (and the flow's) as
// events, like @puresip/node's `createStack`. RFC 5626 §4.5 flow recovery: when the WebSocket
// fails, a new one is formed after the §4.5 wait and every registration is sent again with the
// same instance id and reg-id; calls stay, and `FlowRecovered` lists the established ones so
// the application can re-INVITE them with an ICE restart (their media is its business).
import * as E from "fp-ts/lib/Either.js";
import type { Body } from "@puresip/dialog";
import { Methods, headerValues, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { UaCommand, UaConfig, UsageKey } from "@puresip/ua";
import { invalidLabel, serverAddress, uaConfigFor } from "./config.js";
import { Emitter } from "./emitter.js";
import { uuidUrn, webEntropy } from "./entropy.js";
import type { FlowState } from "./flow.js";
import type { WireTrace } from "./host.js";
import { WebHost } from "./host.js";
import { defaultRecoveryTimes } from "./outbound.js";
import { domWebSocket } from "./socket.js";
import { browserTimerHost } from "./timer-host.js";
import type { CallOptions, CallOutcome, MessageResult, Phone, PhoneEvent, PhoneOptions, RegistrationOutcome, ReofferDone } from "./phone-api.js";
import { PhoneError } from "./phone-api.js";

export type { CallOptions, CallOutcome, FlowEvent, Listener, MessageResult, Phone, PhoneEvent, PhoneOptions, RegistrationOutcome, RemoteBody, ReofferDone } from "./phone-api.js";
export { PhoneError } from "./phone-api.js";
const targetOf = (text: string): E.Either<PhoneError, Uri> => E.mapLeft((e: { readonly reason: string }) => new PhoneError(`"${text}" is not a URI: ${e.reason}`))(parseUri(text));

class PhoneImpl implements Phone {
  readonly events: Emitter<PhoneEvent>;
  host!: WebHost;
  /** `call()`s waiting for their `CallCreated` or `CallNotMade`: one per `MakeCall`, answered in order. */
  private readonly waitingCalls: Array<{ readonly made: (call: UsageKey) => void; readonly failed: (error: PhoneError) => void }> = [];
  /** Registrations to send again on a new flow (§4.5), by id. */
  private readonly registrations = new Map<string, { readonly registrar: Uri; readonly expires?: number }>();
  /** Established calls, for `FlowRecovered`. */
  private readonly established = new Set<UsageKey>();
  /** Live calls by Call-ID, to name the call a response's body belongs to (RemoteBody). */
  private readonly byCallId = new Map<string, UsageKey>();
  private nextRef = 0;
  private closing: Promise<void> | undefined;
  /** >0 while application code runs inside an engine run (a listener, a trace): commands then wait their turn. */

  constructor(
    readonly config: UaConfig,
    readonly instanceId: string,
    private readonly closeTimeoutMs: number,
    log: (detail: string) => void,
  ) {
    this.events = new Emitter(log);
  }

  flowState = (): FlowState => this.host.flow.state;

  publish(event: PhoneEvent): void {
    if (event._tag === "CallCreated" || event._tag === "IncomingCall") {
      const callId = event.invite.core.callId;
      if (callId !== undefined) this.byCallId.set(callId, event.call);
    }
    if (event._tag === "CallCreated") this.waitingCalls.shift()?.made(event.call);
    else if (event._tag === "CallNotMade") this.waitingCalls.shift()?.failed(new PhoneError(`the call was not placed: ${event.reason}`));
    else if (event._tag === "CallEstablished") this.established.add(event.call);
    else if (event._tag === "CallEnded" || event._tag === "CallFailed") {
      this.established.delete(event.call);
      for (const [id, call] of this.byCallId) if (call === event.call) this.byCallId.delete(id);
    }
    this.inside(() => {
      this.events.emit(event);
    });
  }

  /** Runs application code called from inside the engine's run. */
  inside(f: () => void): void {
    f();
  }

  /** A 1xx/2xx with a body to one of our INVITEs (initial or re-INVITE): its body, as `RemoteBody`, before the core hears it. */
  received(trace: WireTrace): void {
    const m = trace.message;
    if (trace.direction !== "received" || m._tag !== "Response" || m.core.cseq?.method !== Methods.INVITE) return;
    if (m.status <= 100 || m.status >= 300 || m.body.length === 0) return;
    const call = m.core.callId === undefined ? undefined : this.byCallId.get(m.core.callId);
    if (call === undefined) return;
    this.publish({ _tag: "RemoteBody", call, status: m.status, body: { type: headerValues("Content-Type")(m)[0] ?? "application/octet-stream", content: m.body } });
  }

  /** §4.5: "replace any registrations that were previously sent over this flow", same reg-id. */
  recovered(): void {
    for (const [id, r] of this.registrations) this.command({ _tag: "Register", id, registrar: r.registrar, ...(r.expires === undefined ? {} : { expires: r.expires }) });
    this.publish({ _tag: "FlowRecovered", calls: [...this.established] });
  }

  on(tag: string, listener: (event: never) => void): this {
    this.events.on(tag, listener as (event: PhoneEvent) => void);
    return this;
  }

  off(tag: string, listener: (event: never) => void): this {
    this.events.off(tag, listener as (event: PhoneEvent) => void);
    return this;
  }

  private first<A extends PhoneEvent>(pick: (e: PhoneEvent) => e is A, send: () => void): Promise<A> {
    return new Promise((resolve) => {
      const listener = (e: PhoneEvent): void => {
        if (!pick(e)) return;
        this.events.off("event", listener);
        resolve(e);
      };
      this.events.on("event", listener);
      send();
    });
  }

  command(command: UaCommand): void {
    this.host.engine.command(command);
  }

  register(id = "default", registrar?: string, expires?: number): Promise<RegistrationOutcome> {
    const aor = this.config.aor;
    const text = registrar ?? (aor._tag === "SipUri" ? `sip:${aor.host._tag === "IPv6" ? `[${aor.host.value}]` : aor.host.value}${aor.port === undefined ? "" : `:${aor.port}`}` : "");
    const target = targetOf(text);
    if (E.isLeft(target)) return Promise.reject(target.left);
    this.registrations.set(id, { registrar: target.right, ...(expires === undefined ? {} : { expires }) });
    return this.first(
      (e): e is RegistrationOutcome => (e._tag === "Registered" || e._tag === "RegistrationFailed") && e.id === id,
      () => {
        this.command({ _tag: "Register", id, registrar: target.right, ...(expires === undefined ? {} : { expires }) });
      },
    );
  }

  unregister(id = "default"): Promise<RegistrationOutcome> {
    this.registrations.delete(id);
    return this.first(
      (e): e is RegistrationOutcome => (e._tag === "Unregistered" || e._tag === "RegistrationFailed") && e.id === id,
      () => {
        this.command({ _tag: "Unregister", id });
      },
    );
  }

  call(to: string, options: CallOptions = {}): Promise<UsageKey> {
    const target = targetOf(to);
    if (E.isLeft(target)) return Promise.reject(target.left);
    return new Promise((resolve, reject) => {
      this.waitingCalls.push({ made: resolve, failed: reject });
      this.command({ _tag: "MakeCall", to: target.right, ...options });
    });
  }

  outcome(call: UsageKey): Promise<CallOutcome> {
    return this.first((e): e is CallOutcome => (e._tag === "CallEstablished" || e._tag === "CallFailed" || e._tag === "CallEnded") && e.call === call, () => undefined);
  }

  ring(call: UsageKey, status?: number): void {
    this.command(status === undefined ? { _tag: "Ring", call } : { _tag: "Ring", call, status });
  }

  answer(call: UsageKey, body?: Body): void {
    this.command(body === undefined ? { _tag: "Answer", call } : { _tag: "Answer", call, body });
  }

  reject(call: UsageKey, status: number): void {
    this.command({ _tag: "Reject", call, status });
  }

  hangup(call: UsageKey): void {
    this.command({ _tag: "Hangup", call });
  }

  private reofferDone(call: UsageKey, command: UaCommand): Promise<ReofferDone> {
    return this.first((e): e is ReofferDone => e._tag === "ReofferDone" && e.call === call, () => {
      this.command(command);
    });
  }

  hold(call: UsageKey): Promise<ReofferDone> {
    return this.reofferDone(call, { _tag: "Hold", call });
  }

  resume(call: UsageKey): Promise<ReofferDone> {
    return this.reofferDone(call, { _tag: "Resume", call });
  }

  reoffer(call: UsageKey, body?: Body): Promise<ReofferDone> {
    return this.reofferDone(call, body === undefined ? { _tag: "Reoffer", call } : { _tag: "Reoffer", call, body });
  }

  message(to: string, content: string, type = "text/plain"): Promise<MessageResult> {
    const target = targetOf(to);
    if (E.isLeft(target)) return Promise.reject(target.left);
    const ref = `message-${++this.nextRef}`;
    return this.first((e): e is MessageResult => e._tag === "MessageResult" && e.ref === ref, () => {
      this.command({ _tag: "SendMessage", ref, to: target.right, body: { type, content: new TextEncoder().encode(content) } });
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const host = this.host;
    this.registrations.clear();
    // The core's graceful close: BYE or CANCEL every call, remove every binding we made.
    host.engine.command({ _tag: "Shutdown" });
    const settled = (): boolean => host.count("Usage", "Call") === 0 && host.count("ClientRequest") === 0;
    for (let waited = 0; !settled() && waited < this.closeTimeoutMs && host.flow.state === "Open"; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    host.engine.stop();
    host.flow.close();
    this.events.clear();
  }
}

/** Opens the WebSocket and starts the UA; rejects with a `PhoneError` when the options are wrong or the first WebSocket fails. */
export const createPhone = (options: PhoneOptions): Promise<Phone> => {
  const server = serverAddress(options.server);
  if (E.isLeft(server)) return Promise.reject(new PhoneError(server.left));
  const entropy = options.entropy ?? webEntropy();
  const config = uaConfigFor(options, server.right, invalidLabel(entropy.bytes(12)));
  if (E.isLeft(config)) return Promise.reject(new PhoneError(config.left));
  const log = options.log ?? (() => undefined);
  const instanceId = options.instanceId ?? uuidUrn(entropy.bytes(16));
  // RFC 5626 §4.1, §4.2.1: the UA core puts the instance and reg-id on every REGISTER.
  const uaConfig: UaConfig = { ...config.right, outbound: { instance: instanceId, regId: options.regId ?? 1 } };
  const phone = new PhoneImpl(uaConfig, instanceId, options.closeTimeoutMs ?? 2000, log);
  return new Promise((resolve, reject) => {
    let started = false;
    phone.host = new WebHost({
      url: options.server,
      server: server.right,
      config: uaConfig,
      connect: options.connect ?? domWebSocket,
      clock: options.clock ?? browserTimerHost(),
      entropy,
      recovery: { ...defaultRecoveryTimes, ...options.recovery },
      keepAlive: options.keepAlive ?? false,
      keepAliveUpperBoundMs: options.keepAliveUpperBoundMs ?? 120_000,
      maxMessageBytes: options.maxMessageBytes ?? 65_536,
      deliver: (event) => {
        phone.publish(event);
      },
      opened: (recovered) => {
        if (!started) {
          started = true;
          resolve(phone);
          return;
        }
        if (recovered) phone.recovered();
      },
      failed: (reason, retryInMs) => {
        if (!started) {
          started = true;
          phone.host.flow.close();
          reject(new PhoneError(`cannot open ${options.server}: ${reason}`));
          return;
        }
        phone.publish({ _tag: "FlowFailed", reason, retryInMs });
      },
      log,
      trace: (e) => {
        phone.received(e);
        const trace = options.trace;
        if (trace !== undefined)
          phone.inside(() => {
            trace(e);
          });
      },
    });
    phone.host.flow.start();
  });
};
