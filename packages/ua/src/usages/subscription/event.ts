// The event package a subscription is for (RFC 6665 §7.2.1, §8.2.1): the event type and the
// optional "id" parameter that tells apart several subscriptions to one package in a dialog.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { eventHeader, findParam, readHeader } from "@puresip/message";
import type { HasHeaders, ParamValue } from "@puresip/message";

export interface EventPackage {
  /** The event-type token, e.g. "presence", "dialog", "refer" (§8.2.1: compared byte by byte). */
  readonly type: string;
  /** The "id" parameter, or null when absent. */
  readonly id: string | null;
}

/**
 * The Event header of a message: Right(None) when it is absent, Left with the parser's reason
 * when it is malformed (§8.2.1: "There MUST be exactly one event type listed per Event header").
 */
export const eventOf = (message: HasHeaders): E.Either<string, O.Option<EventPackage>> => {
  const read = readHeader(eventHeader)(message);
  if (E.isLeft(read)) return E.left(`Event: ${read.left.reason}`);
  return E.right(O.map((v: ParamValue): EventPackage => ({ type: v.value, id: findParam(v.params, "id")?.value ?? null }))(read.right));
};

/**
 * §8.2.1: "the event-type portion of the "Event" header field is compared byte by byte, and
 * the "id" parameter token (if present) is compared byte by byte. An "Event" header field
 * containing an "id" parameter never matches an "Event" header field without an "id"
 * parameter. No other parameters are considered".
 */
export const sameEvent = (a: EventPackage, b: EventPackage): boolean => a.type === b.type && a.id === b.id;

/** The Event header value: `type` or `type;id=value`. */
export const printEvent = (event: EventPackage): string => (event.id === null ? event.type : `${event.type};id=${event.id}`);

/** The Event header field itself. */
export const eventField = (event: EventPackage): { readonly name: string; readonly value: string } => ({ name: eventHeader.name, value: printEvent(event) });

/**
 * RFC 6665 §5.4.9: the event packages whose SUBSCRIBE installs one subscription when
 * `UaConfig.nonForkingEvents` names none: `conference` (RFC 4575 §3.8).
 */
export const NON_FORKING_EVENTS: ReadonlyArray<string> = ["conference"];
