// Readers for the two text logs `puresip ladder` understands. Both are blocks of one header
// line and one SIP message each:
//
//   puresip's own log (what `--trace-log` writes):   SIPp's message log (`sipp -trace_msg`):
//     --- 0.004 127.0.0.1:5070 -> 127.0.0.1:5060       ------------------ 2026-11-27 15:07:09.054801
//     INVITE sip:bob@127.0.0.1:5060 SIP/2.0            UDP message sent (514 bytes):
//     Via: ...                                         <empty line>
//                                                      INVITE sip:service@127.0.0.1 SIP/2.0 ...
//
// SIPp's log names no addresses, only "sent" and "received", so its columns are "sipp" and
// "peer". Lines are split on LF with any CR before it dropped, and each message is joined
// again with CRLF (§7), so a log saved with either line end reads the same.
import * as E from "fp-ts/lib/Either.js";
import { labelOf } from "./label.js";
import type { Ladder, LadderRow, LogError } from "./model.js";
import { ladderOf, logError } from "./model.js";

const linesOf = (text: string): ReadonlyArray<string> => text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));

/** The header of a block in puresip's log: `--- <time> <from> -> <to>`. */
export interface PuresipHeader {
  readonly at: string;
  readonly from: string;
  readonly to: string;
}

export const isPuresipHeader = (line: string): boolean => line.startsWith("--- ");

/** Splits a header line into its four fields; undefined when it does not have exactly them. */
export const puresipHeader = (line: string): PuresipHeader | undefined => {
  const words = line.split(" ").filter((w) => w !== "");
  const [dashes, at, from, arrow, to, ...rest] = words;
  if (dashes !== "---" || at === undefined || from === undefined || arrow !== "->" || to === undefined || rest.length > 0) return undefined;
  return { at, from, to };
};

/** The one-line header `--trace-log` writes before each message. */
export const printPuresipHeader = (h: PuresipHeader): string => `--- ${h.at} ${h.from} -> ${h.to}`;

const isSippHeader = (line: string): boolean => line.startsWith("-----") && line.replace(/^-+/, "").startsWith(" ");

const rowOf = (at: string | undefined, from: string, to: string, message: string): LadderRow => {
  const { label, note } = labelOf(message);
  return { ...(at === undefined ? {} : { at }), from, to, label, ...(note === undefined ? {} : { note }) };
};

/** Blocks of [header line index, message lines] between header lines; text before the first header is an error. */
const blocks = (
  lines: ReadonlyArray<string>,
  isHeader: (line: string) => boolean,
): E.Either<LogError, ReadonlyArray<{ readonly line: number; readonly header: string; readonly body: ReadonlyArray<string> }>> => {
  const out: Array<{ line: number; header: string; body: Array<string> }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (isHeader(line)) out.push({ line: i + 1, header: line, body: [] });
    else {
      const last = out[out.length - 1];
      if (last !== undefined) last.body.push(line);
      else if (line.trim() !== "") return E.left(logError(i + 1, "text before the first message header"));
    }
  }
  return out.length === 0 ? E.left(logError(1, "no message in the log")) : E.right(out);
};

const messageText = (body: ReadonlyArray<string>): string => body.join("\r\n");

/** Reads puresip's own `--- <time> <from> -> <to>` log. */
export const readPuresipLog = (text: string): E.Either<LogError, Ladder> => {
  const parts = blocks(linesOf(text), isPuresipHeader);
  if (E.isLeft(parts)) return parts;
  const rows: Array<LadderRow> = [];
  for (const b of parts.right) {
    const h = puresipHeader(b.header);
    if (h === undefined) return E.left(logError(b.line, `a header must read "--- <time> <from> -> <to>", got "${b.header}"`));
    rows.push(rowOf(h.at, h.from, h.to, messageText(b.body)));
  }
  return E.right(ladderOf(rows));
};

/** Reads a SIPp `-trace_msg` message log; "sipp" is the column of the SIPp instance that wrote it. */
export const readSippLog = (text: string): E.Either<LogError, Ladder> => {
  const parts = blocks(linesOf(text), isSippHeader);
  if (E.isLeft(parts)) return parts;
  const rows: Array<LadderRow> = [];
  for (const b of parts.right) {
    // "----- 2026-11-27 15:07:09.054801": the clock time is the last word.
    const at = b.header.split(" ").filter((w) => w !== "").pop();
    const [what, ...message] = b.body;
    const sent = what?.includes(" message sent") === true;
    const received = what?.includes(" message received") === true;
    if (!sent && !received) return E.left(logError(b.line + 1, `expected "<transport> message sent" or "received", got "${what ?? ""}"`));
    const [from, to] = sent ? ["sipp", "peer"] : ["peer", "sipp"];
    rows.push(rowOf(at?.startsWith("-") === false ? at : undefined, from, to, messageText(message)));
  }
  return E.right(ladderOf(rows));
};

export const looksLikeSippLog = (text: string): boolean => linesOf(text).some(isSippHeader);
export const looksLikePuresipLog = (text: string): boolean => linesOf(text).some((l) => puresipHeader(l) !== undefined);
