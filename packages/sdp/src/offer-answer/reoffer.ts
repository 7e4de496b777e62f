// A new offer in an existing session (RFC 3264 §8, RFC 6337 §5.2.5 and §5.3). Each change is
// a function from the previous local description to the next; `reoffer` applies them and
// increments the o= version by one when anything changed (§8: "the version number MUST be
// incremented", and must stay when the description is identical).
import * as E from "fp-ts/lib/Either.js";
import type { Attribute, Direction } from "../attributes/model.js";
import type { MediaDescription, SessionDescription } from "../model.js";
import { serializeSdp } from "../serialize.js";
import type { MediaCapability, OfferAnswerError } from "./capabilities.js";
import { offerAnswerError } from "./capabilities.js";
import { midOf } from "./codecs.js";
import { offeredMedia } from "./offer.js";

/** One change to a session description, as part of a new offer. */
export type Change = (sd: SessionDescription) => E.Either<OfferAnswerError, SessionDescription>;

/** A decimal string plus one, at any length (sess-version may exceed 2^53). */
export const incrementDecimal = (digits: string): string => {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "9") {
      out[i] = String.fromCharCode((out[i] ?? "0").charCodeAt(0) + 1);
      return out.join("");
    }
    out[i] = "0";
  }
  return `1${out.join("")}`;
};

/** RFC 3264 §8: the same o= line with the version incremented by one. */
export const nextVersion = (sd: SessionDescription): SessionDescription => ({
  ...sd,
  origin: { ...sd.origin, sessionVersion: incrementDecimal(sd.origin.sessionVersion) },
});

const setDirection = (m: MediaDescription, direction: Direction): MediaDescription => {
  const i = m.attributes.findIndex((a) => a._tag === "Direction");
  const attribute: Attribute = { _tag: "Direction", value: direction };
  return {
    ...m,
    attributes: i < 0 ? [...m.attributes, attribute] : m.attributes.map((a, j) => (j === i ? attribute : a)),
  };
};

const checkIndex = (sd: SessionDescription, index: number | undefined): E.Either<OfferAnswerError, void> =>
  index !== undefined && (index < 0 || index >= sd.media.length || !Number.isInteger(index))
    ? E.left(offerAnswerError(`there is no m-line ${index}`, index))
    : E.right(undefined);

const mapStreams =
  (index: number | undefined, f: (m: MediaDescription) => MediaDescription): Change =>
  (sd) =>
    E.map(() => ({ ...sd, media: sd.media.map((m, i) => (m.port !== 0 && (index === undefined || index === i) ? f(m) : m)) }))(
      checkIndex(sd, index),
    );

/**
 * RFC 6337 §5.3: hold is an offer of "a=sendonly", or "a=inactive" when the holder will not
 * send either (no music on hold). The offer states the local wish, not the last negotiated
 * state: a side that was itself put on hold (its last answer said recvonly) still offers
 * sendonly, as RFC 6337 asks over RFC 3264 §8.4's "inactive" ("The use of a=sendonly
 * attribute in this case will never produce a worse outcome"). Applies to every active stream,
 * or only to `index`.
 */
export const hold = (options: { readonly index?: number; readonly inactive?: boolean } = {}): Change =>
  mapStreams(options.index, (m) => setDirection(m, options.inactive === true ? "inactive" : "sendonly"));

/**
 * RFC 6337 §5.3: "to resume a two-way exchange of media, each side must reset its local hold
 * status", and "if it had not previously initiated hold, then it should offer a=sendrecv":
 * the stream goes back to sendrecv, or to `direction` when this side wanted less before hold.
 */
export const resume = (options: { readonly index?: number; readonly direction?: Direction } = {}): Change =>
  mapStreams(options.index, (m) => setDirection(m, options.direction ?? "sendrecv"));

/** The session attributes with `mid` added to (or, with `remove`, taken out of) every BUNDLE group. */
const withBundleMember = (attributes: ReadonlyArray<Attribute>, mid: string, remove: boolean): ReadonlyArray<Attribute> =>
  attributes.map((a) =>
    a._tag !== "Group" || a.semantics !== "BUNDLE"
      ? a
      : { ...a, mids: remove ? a.mids.filter((x) => x !== mid) : a.mids.includes(mid) ? a.mids : [...a.mids, mid] },
  );

/**
 * RFC 3264 §8.1: a new stream takes the first m-line slot whose port is 0 ("the offerer MAY
 * reuse a slot of a media stream that has been disabled"), else is appended; m-lines are
 * never removed (RFC 6337 §5.2.5). A stream with a mid joins the session's BUNDLE group, if
 * there is one (RFC 9143 lets a subsequent offer add a bundled m-line).
 */
export const addStream =
  (cap: MediaCapability): Change =>
  (sd) => {
    const slot = sd.media.findIndex((m) => m.port === 0);
    const index = slot < 0 ? sd.media.length : slot;
    return E.map((m: MediaDescription) => {
      const media = slot < 0 ? [...sd.media, m] : sd.media.map((old, i) => (i === slot ? m : old));
      return { ...sd, attributes: cap.mid === undefined ? sd.attributes : withBundleMember(sd.attributes, cap.mid, false), media };
    })(offeredMedia(cap, sd.origin.addrType === "IP6" ? "IP6" : "IP4", index));
  };

/**
 * RFC 3264 §8.2: "existing media streams are removed by creating a new SDP with the port
 * number for that stream set to zero"; the m-line stays with its formats, and its rtpmap lines
 * so a reader still knows what the formats were (RFC 4317 §4.3). Its mid leaves the BUNDLE
 * group (RFC 9143: a disabled m-line is not part of the group).
 */
export const removeStream =
  (index: number): Change =>
  (sd) =>
    E.map(() => {
      const removed = sd.media[index];
      const mid = removed === undefined ? undefined : midOf(removed);
      return {
        ...sd,
        attributes: mid === undefined ? sd.attributes : withBundleMember(sd.attributes, mid, true),
        media: sd.media.map((m, i) =>
          i !== index
            ? m
            : {
                ...m,
                port: 0,
                connections: [],
                bandwidths: [],
                attributes: m.attributes.filter((a) => a._tag === "Rtpmap" || a._tag === "Mid"),
              },
        ),
      };
    })(checkIndex(sd, index));

/**
 * A new offer from the last description this side sent (offer or answer): the changes
 * applied in order, then the o= version incremented by one if the text changed, or the
 * previous description unchanged (RFC 3264 §8, RFC 6337 §5.2.5).
 */
export const reoffer =
  (...changes: ReadonlyArray<Change>) =>
  (previous: SessionDescription): E.Either<OfferAnswerError, SessionDescription> => {
    let sd: SessionDescription = previous;
    for (const change of changes) {
      const next = change(sd);
      if (E.isLeft(next)) return next;
      sd = next.right;
    }
    return E.right(serializeSdp(sd) === serializeSdp(previous) ? previous : nextVersion(sd));
  };
