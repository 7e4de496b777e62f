// A pure stream framer for TCP, TLS and WebSocket-carried streams (§18.3, §7.5, RFC 5626
// §3.5.1): feed it bytes in any chunking and it yields the same messages. The state is a plain
// value; `push` returns the next state and what the new bytes completed, never mutating either.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import type { SipMessage } from "./model.js";
import { contentLengthOf } from "./parse/content-length.js";
import type { ParseError } from "./parse/errors.js";
import { parseError } from "./parse/errors.js";
import type { SplitHead } from "./parse/header-lines.js";
import { splitHead, startLineOf } from "./parse/header-lines.js";
import { findHeadEnd, finishSplit } from "./parse/message.js";
import type { ParseLimits, ParseOptions } from "./parse/limits.js";
import { resolveLimits } from "./parse/limits.js";
import { decodeUtf8Lossy, decodeUtf8Range } from "./parse/utf8.js";
import type { Refusal } from "./parse/controls.js";
import { controlInOctets, fieldsStartOctets } from "./parse/controls.js";

/** The message at the head of the buffer, once its header section is complete and split. */
interface PendingBody {
  readonly split: SplitHead;
  /** Why the message will be refused though it frames (controls.ts), offset from the message's first octet. */
  readonly control?: Refusal;
  /** Offsets from the message's first octet. */
  readonly bodyStart: number;
  readonly bodyLength: number;
}

/** The framer's state between chunks of a stream: the bytes of the message being read, bounded by the limits. */
export interface FramerState {
  readonly _tag: "Framer";
  readonly limits: ParseLimits;
  /** Octets received and not yet part of an emitted message. */
  readonly buffer: Uint8Array;
  /** How far into `buffer` the search for the empty line has already looked. */
  readonly scanned: number;
  readonly pending?: PendingBody;
  /** The last push ended in a CRLF reported as a pong: a CRLF next completes a ping. */
  readonly halfPing?: boolean;
  /** Set once the stream cannot be framed any more: the connection must be closed. */
  readonly failed?: ParseError;
  /** ParseOptions.strict: the user-part rule of RFC 3261 §25.1 without the lenient characters. */
  readonly strict?: true;
}

/** What the stream framer yields (RFC 3261 §18.3): a message, a framed message that does not parse, an RFC 5626 keep-alive ping or pong, or a framing error that closes the stream. */
export type FramerOutput =
  /** A complete, well-formed message. */
  | { readonly _tag: "Message"; readonly message: SipMessage }
  /** A message that was framed but does not parse; the stream goes on (a UAS may answer 400). */
  | { readonly _tag: "Invalid"; readonly error: ParseError }
  /** RFC 5626 §3.5.1 keep-alive ping (CRLF CRLF between messages); a server answers with CRLF. */
  | { readonly _tag: "Ping" }
  /** RFC 5626 §3.5.1 pong (a lone CRLF between messages): the flow is alive. */
  | { readonly _tag: "Pong" }
  /** The stream cannot be framed (bad Content-Length, limit exceeded): close the connection. */
  | { readonly _tag: "FramingError"; readonly error: ParseError };

/** The framer's result for one chunk: the next state and the outputs, in order. */
export type FramerStep = readonly [state: FramerState, outputs: ReadonlyArray<FramerOutput>];

const EMPTY = new Uint8Array(0);

/** A framer for a new connection. */
export const initFramer = (options?: ParseOptions): FramerState =>
  options?.strict === true ? { _tag: "Framer", limits: resolveLimits(options), buffer: EMPTY, scanned: 0, strict: true } : { _tag: "Framer", limits: resolveLimits(options), buffer: EMPTY, scanned: 0 };

const CR = 0x0d;
const LF = 0x0a;

type Boundary =
  | { readonly _tag: "Skip"; readonly next: number; readonly output?: FramerOutput; readonly halfPing: boolean }
  | { readonly _tag: "Wait" }
  | { readonly _tag: "Message" };

const PING: FramerOutput = { _tag: "Ping" };
const PONG: FramerOutput = { _tag: "Pong" };

/**
 * What lies at `pos` between messages. §7.5: CRLFs before a start line are ignored. RFC 5626
 * §3.5.1: CRLF CRLF is a keep-alive ping (a server answers CRLF), a lone CRLF the pong. A CRLF
 * that ends the buffer is reported as a pong at once (a client is waiting for it) and
 * remembered: if the next push starts with CRLF, the two make a ping. A buffer ending in
 * CRLF CR waits, since the outcome cannot be known yet.
 */
const boundary = (buf: Uint8Array, pos: number, halfPing: boolean): Boundary => {
  const b0 = buf[pos];
  if (b0 === LF) return { _tag: "Skip", next: pos + 1, halfPing };
  if (b0 !== CR) return { _tag: "Message" };
  if (pos + 1 >= buf.length) return { _tag: "Wait" };
  if (buf[pos + 1] !== LF) return { _tag: "Message" };
  if (halfPing) return { _tag: "Skip", next: pos + 2, output: PING, halfPing: false };
  if (pos + 2 >= buf.length) return { _tag: "Skip", next: pos + 2, output: PONG, halfPing: true };
  if (buf[pos + 2] !== CR) return { _tag: "Skip", next: pos + 2, output: PONG, halfPing: false };
  if (pos + 3 >= buf.length) return { _tag: "Wait" };
  return buf[pos + 3] === LF ? { _tag: "Skip", next: pos + 4, output: PING, halfPing: false } : { _tag: "Skip", next: pos + 2, output: PONG, halfPing: false };
};

// The buffer grows in place. Copying the whole buffer on every push made a peer that sends one
// octet per TCP segment cost O(n²): 2 s of CPU for one 60 KB message (found by tooling/fuzz).
// A state's `buffer` is a view of a larger backing store; a push appends after it in that
// store when nothing has been written there since (`claimed` is where the last append ended),
// else it copies into a new store twice as large. So a state never changes, a second push on an
// old state copies, and single-octet pushes cost amortized O(1) each. Like peek/octets.ts's
// scratch buffer, this is mutation no caller can see: bytes past a state's view are nobody's.
const claimed = new WeakMap<ArrayBufferLike, number>();

const append = (buffer: Uint8Array, bytes: Uint8Array): Uint8Array => {
  const length = buffer.length + bytes.length;
  const end = buffer.byteOffset + buffer.length;
  const backing = buffer.buffer;
  if (buffer.length > 0 && claimed.get(backing) === end && buffer.byteOffset + length <= backing.byteLength) {
    const out = new Uint8Array(backing, buffer.byteOffset, length);
    out.set(bytes, buffer.length);
    claimed.set(backing, buffer.byteOffset + length);
    return out;
  }
  // A first chunk gets just its size: most streams carry whole messages per read.
  const fresh = new Uint8Array(buffer.length === 0 ? length : Math.max(512, length * 2));
  fresh.set(buffer, 0);
  fresh.set(bytes, buffer.length);
  claimed.set(fresh.buffer, length);
  return fresh.subarray(0, length);
};

/** What is left after `pos`, without copying, unless most of the store is already consumed. */
const remainder = (buf: Uint8Array, pos: number): Uint8Array => {
  const rest = buf.subarray(pos);
  return rest.byteOffset > 4096 && rest.byteOffset > rest.length ? append(EMPTY, rest) : rest;
};

const withControl = (p: PendingBody, control: Refusal | undefined): PendingBody => (control === undefined ? p : { ...p, control });

/** Reads the header section at `buf[pos, headEnd)` far enough to know the body's length. */
const bodyOf = (buf: Uint8Array, pos: number, headEnd: number, bodyStart: number, limits: ParseLimits): PendingBody | ParseError => {
  if (bodyStart - pos > limits.maxMessageBytes) {
    return parseError("Limit", `a header section of ${bodyStart - pos} octets exceeds maxMessageBytes (${limits.maxMessageBytes})`, pos, 513);
  }
  // A header section that is not UTF-8 is framed all the same (bad octets read as U+FFFD): its
  // Content-Length still says where the next message starts, and the request gets its 400.
  const decoded = decodeUtf8Range(buf, pos, headEnd);
  const head = typeof decoded === "string" ? decoded : decodeUtf8Lossy(buf, pos, headEnd);
  const split = splitHead(head, 0, head.length, limits, pos);
  if (split._tag === "ParseError") return typeof decoded === "number" ? parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", decoded) : split;
  const found: Refusal | undefined = typeof decoded === "number" ? { _tag: "NotUtf8", at: decoded } : controlInOctets(buf, fieldsStartOctets(buf, pos, headEnd), headEnd);
  // Offsets from the message's first octet, like bodyStart: the buffer is cut between pushes.
  const control = found === undefined ? undefined : { ...found, at: found.at - pos };
  const cl = contentLengthOf(split.headers);
  const framed = { startLine: startLineOf(split), headers: split.headers };
  switch (cl._tag) {
    case "Invalid":
      // RFC 4475 §3.1.2.3 / §3.3.9: over a stream, close the connection.
      return parseError("ContentLength", cl.detail, bodyStart, 400, framed);
    case "Absent":
      // §20.14: over a stream Content-Length MUST be present; read its absence as no body.
      return withControl({ split, bodyStart: bodyStart - pos, bodyLength: 0 }, control);
    case "Length":
      if (cl.value > limits.maxBodyBytes) {
        return parseError("Limit", `a body of ${cl.value} octets exceeds maxBodyBytes (${limits.maxBodyBytes})`, bodyStart, 413, framed);
      }
      if (bodyStart - pos + cl.value > limits.maxMessageBytes) {
        return parseError("Limit", `a message of ${bodyStart - pos + cl.value} octets exceeds maxMessageBytes (${limits.maxMessageBytes})`, pos, 513, framed);
      }
      return withControl({ split, bodyStart: bodyStart - pos, bodyLength: cl.value }, control);
    default:
      return absurd(cl);
  }
};

/**
 * The framer once the stream cannot be framed: nothing buffered, and nothing of the push that
 * failed carried over (a CRLF remembered from an earlier push, a half-read message), so a
 * stream fed whole or in pieces ends in the same state (fuzz finding framer-ca447a8155473f78).
 */
const failedState = (state: FramerState, error: ParseError): FramerState => {
  const failed: FramerState = { _tag: "Framer", limits: state.limits, buffer: EMPTY, scanned: 0, failed: error };
  return state.strict === true ? { ...failed, strict: true } : failed;
};

/** Feeds `bytes` (any chunk of the stream) to the framer. */
export const push = (state: FramerState, bytes: Uint8Array): FramerStep => {
  if (state.failed !== undefined) return [state, []];
  const { limits } = state;
  // A push onto an empty buffer reads the caller's octets where they are (no copy); what is left
  // of them at the end is copied, since the caller may reuse its buffer.
  const borrowed = state.buffer.length === 0;
  const buf = borrowed ? bytes : append(state.buffer, bytes);
  const outputs: Array<FramerOutput> = [];
  let pos = 0;
  let scanned = state.scanned;
  let pending = state.pending;
  let halfPing = state.halfPing === true;
  for (;;) {
    if (pending === undefined && scanned === 0) {
      if (pos >= buf.length) break;
      const b = boundary(buf, pos, halfPing);
      if (b._tag === "Wait") break;
      if (b._tag === "Skip") {
        if (b.output !== undefined) outputs.push(b.output);
        halfPing = b.halfPing;
        pos = b.next;
        continue;
      }
      halfPing = false;
    }
    if (pending === undefined) {
      // Never look further than a whole message may reach: a flood without an empty line costs
      // at most maxMessageBytes of scanning before the connection is given up.
      const bounds = findHeadEnd(buf, Math.max(pos, pos + scanned - 2), Math.min(buf.length, pos + limits.maxMessageBytes + 3));
      if (bounds === undefined) {
        if (buf.length - pos > limits.maxMessageBytes) {
          const error = parseError("Limit", `no end of the header section within maxMessageBytes (${limits.maxMessageBytes})`, pos, 513);
          return [failedState(state, error), [...outputs, { _tag: "FramingError", error }]];
        }
        scanned = Math.max(1, buf.length - pos);
        break;
      }
      const body = bodyOf(buf, pos, bounds.headEnd, bounds.bodyStart, limits);
      if ("_tag" in body) return [failedState(state, body), [...outputs, { _tag: "FramingError", error: body }]];
      pending = body;
    }
    const end = pos + pending.bodyStart + pending.bodyLength;
    if (end > buf.length) break;
    const control = pending.control === undefined ? undefined : { ...pending.control, at: pos + pending.control.at };
    const parsed = finishSplit(pending.split, pos, buf.subarray(pos, end), pending.bodyStart, pos + pending.bodyStart, limits, state.strict === true, control);
    outputs.push(E.isRight(parsed) ? { _tag: "Message", message: parsed.right } : { _tag: "Invalid", error: parsed.left });
    pos = end;
    scanned = 0;
    pending = undefined;
  }
  // Keep only what is left: copied out of a borrowed buffer, a view of our own store otherwise.
  const rest = pos >= buf.length ? EMPTY : borrowed ? append(EMPTY, buf.subarray(pos)) : remainder(buf, pos);
  const plain: FramerState = halfPing ? { _tag: "Framer", limits, buffer: rest, scanned, halfPing } : { _tag: "Framer", limits, buffer: rest, scanned };
  const base: FramerState = state.strict === true ? { ...plain, strict: true } : plain;
  return [pending === undefined ? base : { ...base, pending }, outputs];
};
