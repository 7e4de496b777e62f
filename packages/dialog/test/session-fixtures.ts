// Two INVITE sessions wired back to back with no transaction layer in between: enough to drive
// the session reducers through RFC 3261 §13–15 by hand. test/flows.test.ts runs them over the
// transaction layer on the simulated network instead.
import { seedFromWords } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { Methods, callId, createRequest, parseUri, tag } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest, SipResponse, Tag, Uri, Via } from "@puresip/message";
import { startUac, startUas, stepSession } from "../src/index.js";
import type { Body, InviteSession, SessionConfig, SessionEffect, SessionEvent, SessionNotice } from "../src/index.js";

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
export const uri = (text: string): Uri => right(parseUri(text));
export const nameAddr = (text: string, tagValue?: string): NameAddr => ({
  _tag: "NameAddr",
  uri: uri(text),
  angle: true,
  params: tagValue === undefined ? [] : [{ name: "tag", value: tagValue }],
});
export const via = (host: string, branch: string): Via => ({
  protocolName: "SIP",
  protocolVersion: "2.0",
  transport: "UDP",
  host: { _tag: /^[0-9.]+$/.test(host) ? "IPv4" : "Hostname", value: host },
  params: [{ name: "branch", value: branch }],
});

export const sdp = (text: string): Body => ({ type: "application/sdp", content: new TextEncoder().encode(text) });

export const aliceContact = nameAddr("sip:alice@pc33.atlanta.com");
export const bobContact = nameAddr("sip:bob@192.0.2.4");
export const bobTag: Tag = right(tag("a6c85cf"));

/** The Allow of Alice's INVITE: RFC 3311 §4, "a UAC ... SHOULD also include an Allow header field in the INVITE request, listing the method UPDATE". */
export const ALICE_ALLOW: HeaderField = { name: "Allow", value: "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE" };

/** RFC 3665 §3.1 style INVITE from Alice to Bob; `offer` puts an SDP offer in it, `allow` the Allow header. */
export const aliceInvite = (offer = true, allow: HeaderField | null = ALICE_ALLOW): SipRequest =>
  right(
    createRequest({
      method: Methods.INVITE,
      uri: uri("sip:bob@biloxi.com"),
      via: via("pc33.atlanta.com", "z9hG4bK776asdhds"),
      to: nameAddr("sip:bob@biloxi.com"),
      from: nameAddr("sip:alice@atlanta.com", "1928301774"),
      callId: right(callId("a84b4c76e66710@pc33.atlanta.com")),
      seq: 314159,
      contact: [aliceContact],
      headers: [...(allow === null ? [] : [allow]), ...(offer ? [{ name: "Content-Type", value: "application/sdp" }] : [])],
      ...(offer ? { body: new TextEncoder().encode("v=0 alice\r\n") } : {}),
    }),
  );

export const config: SessionConfig = { t1: 500, t2: 4000, reliable: false, overTls: false };

export type SideName = "alice" | "bob";

/** Both sessions, the messages in flight (in order), and what each application was told. */
export interface Pair {
  readonly alice: InviteSession;
  readonly bob: InviteSession;
  readonly wire: ReadonlyArray<{ readonly to: SideName; readonly message: SipRequest | SipResponse }>;
  readonly notices: Readonly<Record<SideName, ReadonlyArray<SessionNotice>>>;
  readonly effects: Readonly<Record<SideName, ReadonlyArray<SessionEffect>>>;
}

const other = (s: SideName): SideName => (s === "alice" ? "bob" : "alice");

const absorb = (pair: Pair, side: SideName, state: InviteSession, effects: ReadonlyArray<SessionEffect>): Pair => {
  const wire = [...pair.wire];
  const notices = [...pair.notices[side]];
  for (const e of effects) {
    if (e._tag === "SendRequest") wire.push({ to: other(side), message: e.request });
    else if (e._tag === "SendResponse") wire.push({ to: other(side), message: e.response });
    else if (e._tag === "Notify") notices.push(e.notice);
  }
  return { ...pair, [side]: state, wire, notices: { ...pair.notices, [side]: notices }, effects: { ...pair.effects, [side]: [...pair.effects[side], ...effects] } };
};

/** Alice calls; Bob's session starts when the INVITE reaches him. */
export const call = (seeds: readonly [number, number] = [1, 2], offer = true, bobConfig: SessionConfig = config, invite: SipRequest = aliceInvite(offer)): Pair => {
  const [alice, aliceEffects] = startUac({ now: 0, invite, localContact: aliceContact, seed: seedFromWords([seeds[0]]), config });
  const [bob, bobEffects] = startUas({ now: 0, invite, toTag: bobTag, localContact: bobContact, localVia: via("192.0.2.4", "z9hG4bKunused"), seed: seedFromWords([seeds[1]]), config: bobConfig });
  const pair: Pair = { alice, bob, wire: [], notices: { alice: [], bob: [] }, effects: { alice: [], bob: [] } };
  // The INVITE itself is already at Bob: drop Alice's SendRequest from the wire.
  return absorb(absorb(pair, "alice", alice, aliceEffects.filter((e) => e._tag !== "SendRequest")), "bob", bob, bobEffects);
};

export const act = (pair: Pair, side: SideName, event: SessionEvent): Pair => {
  const [state, effects] = stepSession(pair[side], event);
  return absorb(pair, side, state, effects);
};

/** Delivers the message at `index` of the wire (default: the oldest). */
export const deliver = (pair: Pair, now: number, index = 0): Pair => {
  const item = pair.wire[index];
  if (item === undefined) return pair;
  const rest = { ...pair, wire: pair.wire.filter((_, i) => i !== index) };
  return act(rest, item.to, { _tag: "Received", now, message: item.message });
};

export const deliverAll = (pair: Pair, now: number): Pair => {
  let p = pair;
  for (let i = 0; i < 100 && p.wire.length > 0; i++) p = deliver(p, now);
  return p;
};

/** Drops the wire's messages without delivering them (loss). */
export const drop = (pair: Pair): Pair => ({ ...pair, wire: [] });

/** The label of a message as a ladder shows it. */
export const label = (m: SipRequest | SipResponse): string => (m._tag === "Request" ? m.method : `${m.status}/${m.core.cseq?.method ?? "?"}`);
