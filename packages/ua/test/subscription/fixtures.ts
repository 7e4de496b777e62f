// Test helpers for the subscription usages: Alice subscribes to Bob's presence (RFC 6665),
// every message goes through the printer and the parser on its way ("the wire"), and effects
// are picked apart by kind.
import * as E from "fp-ts/lib/Either.js";
import { Methods, parseMessage, parseNameAddr, parseUri, parseVia, serializeMessage } from "@puresip/message";
import type { NameAddr, SipMessage, SipRequest, SipResponse, Via } from "@puresip/message";
import { basicCapabilities, newRequest } from "../../src/index.js";
import type { NotifierConfig, SubscriberConfig, UsageEffect } from "../../src/index.js";

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

const viaOf = (text: string): Via => {
  const v = right(parseVia(text))[0];
  if (v === undefined) throw new Error("no Via");
  return v;
};

export const aliceContact: NameAddr = right(parseNameAddr("<sip:alice@pc33.atlanta.example.com>", "Contact"));
export const bobContact: NameAddr = right(parseNameAddr("<sip:bob@192.0.2.4>", "Contact"));
export const aliceVia: Via = viaOf("SIP/2.0/UDP pc33.atlanta.example.com:5060");
export const bobVia: Via = viaOf("SIP/2.0/UDP 192.0.2.4:5060");

export const T1 = 500;
/** RFC 6665 §4.1.2.4: Timer N = 64*T1. */
export const TIMER_N = 64 * T1;

export const subscriberConfig: SubscriberConfig = {
  event: { type: "presence", id: null },
  method: "SUBSCRIBE",
  t1: T1,
  overTls: false,
  localContact: aliceContact,
  localVia: aliceVia,
  expires: 600,
  refresh: true,
};

export const notifierConfig: NotifierConfig = {
  event: { type: "presence", id: null },
  method: "SUBSCRIBE",
  t1: T1,
  overTls: false,
  localContact: bobContact,
  localVia: bobVia,
  minExpires: 60,
  maxExpires: 3600,
};

/** Alice's initial SUBSCRIBE to Bob, outside any dialog (RFC 6665 §4.1.2.1, RFC 3261 §8.1.1). */
export const initialRequest = (method: "SUBSCRIBE" | "REFER" = "SUBSCRIBE", headers: ReadonlyArray<{ readonly name: string; readonly value: string }> = []): SipRequest =>
  right(
    newRequest(
      {
        method: method === "SUBSCRIBE" ? Methods.SUBSCRIBE : Methods.REFER,
        requestUri: right(parseUri("sip:bob@biloxi.example.com")),
        from: { aor: right(parseUri("sip:alice@atlanta.example.com")), displayName: "Alice" },
        to: { aor: right(parseUri("sip:bob@biloxi.example.com")), displayName: "Bob" },
        contact: aliceContact,
        sentBy: { host: { _tag: "Hostname", value: "pc33.atlanta.example.com" }, port: 5060, transport: "UDP" },
        capabilities: basicCapabilities,
        headers,
      },
      { branch: "z9a8b7c6d5e4f3a2", fromTag: "a1b2c3d4e5f6", callId: "f81d4fae7dec11d0a76500a0c91e6bf6", seq: 101 },
    ),
  );

/** Printed and parsed again, as the peer receives it. */
export const wire = <M extends SipMessage>(m: M): M => {
  const parsed = right(parseMessage(serializeMessage(m)));
  if (parsed._tag !== m._tag) throw new Error("the message changed kind on the wire");
  return parsed as M;
};

export const requests = <N>(effects: ReadonlyArray<UsageEffect<N>>): ReadonlyArray<SipRequest> => effects.flatMap((f) => (f._tag === "SendRequest" ? [wire(f.request)] : []));
export const responses = <N>(effects: ReadonlyArray<UsageEffect<N>>): ReadonlyArray<SipResponse> => effects.flatMap((f) => (f._tag === "SendResponse" ? [wire(f.response)] : []));
export const notices = <N>(effects: ReadonlyArray<UsageEffect<N>>): ReadonlyArray<N> => effects.flatMap((f) => (f._tag === "Notify" ? [f.notice] : []));
export const forgets = <N>(effects: ReadonlyArray<UsageEffect<N>>): number => effects.filter((f) => f._tag === "Forget").length;

const only = <A>(items: ReadonlyArray<A>, what: string): A => {
  const first = items[0];
  if (items.length !== 1 || first === undefined) throw new Error(`expected one ${what}, got ${String(items.length)}`);
  return first;
};

export const onlyRequest = <N>(effects: ReadonlyArray<UsageEffect<N>>): SipRequest => only(requests(effects), "request");
export const onlyResponse = <N>(effects: ReadonlyArray<UsageEffect<N>>): SipResponse => only(responses(effects), "response");

export const header = (m: SipMessage, name: string): string | undefined => m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
