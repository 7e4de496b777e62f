// `--trace`: one ladder line per message as it is sent or received, for stderr, with the local
// end on the left and the peer on the right:
//
//     0.004  127.0.0.1:5060 |<------ INVITE -------| 127.0.0.1:47061
//     0.005  127.0.0.1:5060 |--- 180 Ringing ----->| 127.0.0.1:47061
//
// and the same exchange as a puresip log (`--trace-log <file>`), which `puresip ladder` reads.
import { labelOf } from "./label.js";
import { printPuresipHeader } from "./log.js";
import { drawRow } from "./monospace.js";

/** A message as --trace sees it: direction, time since the command started, both ends' addresses and the message. */
export interface TracedMessage {
  readonly direction: "sent" | "received";
  /** Milliseconds since the command started. */
  readonly elapsedMs: number;
  /** `address:port` of this end and of the peer. */
  readonly local: string;
  readonly remote: string;
  /** The message as it crossed the wire. */
  readonly text: string;
}

const WIDTH = 26;
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** One --trace line for a message, readable by `puresip ladder`. */
export const traceLine = (m: TracedMessage): string => {
  const { label, note } = labelOf(m.text);
  const row = m.direction === "sent" ? { from: "l", to: "r", label } : { from: "r", to: "l", label };
  const drawn = drawRow({ ...row, ...(note === undefined ? {} : { note }) }, new Map([["l", 0], ["r", 1]]), 2, WIDTH);
  // Put the peer's address after the right lifeline, before any note.
  const lifeline = drawn.slice(0, WIDTH + 1);
  const rest = drawn.slice(WIDTH + 1);
  return `${seconds(m.elapsedMs).padStart(8)}  ${m.local} ${lifeline} ${m.remote}${rest}\n`;
};

/** One block of puresip's log format; CRLF inside the message is kept as the peer sent it. */
export const traceLogBlock = (m: TracedMessage): string => {
  const [from, to] = m.direction === "sent" ? [m.local, m.remote] : [m.remote, m.local];
  const text = m.text.endsWith("\n") ? m.text : `${m.text}\r\n`;
  return `${printPuresipHeader({ at: seconds(m.elapsedMs), from, to })}\n${text}\n`;
};
