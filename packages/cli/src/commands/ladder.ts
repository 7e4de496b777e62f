// `puresip ladder`: a log of SIP messages in, a ladder diagram out (text or SVG). Pure: main.ts
// reads the file and writes what this returns.
//
// Formats read (`--from`, default `auto` which tells them apart by their first lines):
//   puresip  blocks of `--- <time> <from> -> <to>` and a message (what `--trace-log` writes)
//   sipp     SIPp's `-trace_msg` message log
//   tshark   the JSON of `tshark -r capture.pcap -Y sip -T json`
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { looksLikePuresipLog, looksLikeSippLog, readPuresipLog, readSippLog } from "../ladder/log.js";
import type { Ladder, LogError } from "../ladder/model.js";
import { renderSvg } from "../ladder/svg.js";
import { renderText } from "../ladder/monospace.js";
import { looksLikeJson, readTsharkJson } from "../ladder/tshark.js";

export const logFormats = ["auto", "puresip", "sipp", "tshark"] as const;
/** The logs `puresip ladder` reads: puresip's --trace-log, SIPp's -trace_msg or tshark's -T json. */
export type LogFormat = (typeof logFormats)[number];
export const ladderOutputs = ["text", "svg"] as const;
/** The formats `puresip ladder` draws in: text or SVG. */
export type LadderOutput = (typeof ladderOutputs)[number];

export const isLogFormat = (s: string): s is LogFormat => (logFormats as ReadonlyArray<string>).includes(s);
export const isLadderOutput = (s: string): s is LadderOutput => (ladderOutputs as ReadonlyArray<string>).includes(s);

const detect = (text: string): E.Either<LogError, Exclude<LogFormat, "auto">> => {
  if (looksLikeJson(text)) return E.right("tshark");
  if (looksLikeSippLog(text)) return E.right("sipp");
  if (looksLikePuresipLog(text)) return E.right("puresip");
  return E.left({
    _tag: "LogError",
    line: 1,
    detail: "not a log this command reads: expected `--- <time> <from> -> <to>` blocks, a SIPp -trace_msg log or tshark -T json output",
  });
};

/** Reads a log in the given format (or the one it looks like). */
export const readLog = (text: string, format: LogFormat): E.Either<LogError, Ladder> =>
  pipe(
    format === "auto" ? detect(text) : E.right(format),
    E.flatMap((f) => {
      switch (f) {
        case "puresip":
          return readPuresipLog(text);
        case "sipp":
          return readSippLog(text);
        case "tshark":
          return readTsharkJson(text);
      }
    }),
  );

/** Draws a ladder in the chosen format. */
export const render = (ladder: Ladder, output: LadderOutput): string => (output === "svg" ? renderSvg(ladder) : renderText(ladder));

/** The whole command: the diagram, or an error naming the line it is about. */
export const ladderCommand = (text: string, format: LogFormat, output: LadderOutput): E.Either<LogError, string> =>
  pipe(readLog(text, format), E.map((l) => render(l, output)));

/** A log error as one line, with its line number. */
export const describeLogError = (e: LogError): string => `line ${e.line}: ${e.detail}`;
