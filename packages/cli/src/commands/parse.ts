// `puresip parse`: one SIP message in, its JSON form and the verdict of validateMessage out.
// Pure: main.ts reads the input and writes what this returns.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, SipMessageCodec, validateMessage } from "@puresip/message";
import type { ParseError, Problem, SipMessageJson } from "@puresip/message";

/** The validation verdict `puresip parse` prints: valid, or the problems found (RFC 3261 §8.2, §16.3 checks). */
export type Validation =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 400 | 505; readonly problems: ReadonlyArray<Problem> };

/** The JSON `puresip parse` prints: the parsed message or the error. */
export type ParseReport =
  | { readonly message: SipMessageJson; readonly validation: Validation }
  | { readonly error: Pick<ParseError, "kind" | "detail" | "offset" | "status"> };

/** What `puresip parse` reports for one input: the message as JSON, or the parse error, and the validation verdict. */
export interface ParseOutcome {
  /** 0: parsed and valid; 1: a parse error or a message that fails validation. */
  readonly exitCode: 0 | 1;
  readonly report: ParseReport;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Text typed in an editor has bare LF line ends, which §7 does not allow (CRLF only). When the
 * input holds no CR at all, every LF is taken as CRLF; input with any CR is left exactly as it
 * is, so a torture message with deliberately mixed line ends keeps its meaning.
 */
export const normalizeLineEnds = (input: Uint8Array): Uint8Array => {
  let lfs = 0;
  for (const b of input) {
    if (b === CR) return input;
    if (b === LF) lfs++;
  }
  if (lfs === 0) return input;
  const out = new Uint8Array(input.length + lfs);
  let j = 0;
  for (const b of input) {
    if (b === LF) out[j++] = CR;
    out[j++] = b;
  }
  return out;
};

/** Parse and validate one message; the report is plain JSON data. */
export const parseCommand = (input: Uint8Array): ParseOutcome => {
  const parsed = parseMessage(normalizeLineEnds(input));
  if (E.isLeft(parsed)) {
    const { kind, detail, offset, status } = parsed.left;
    return { exitCode: 1, report: { error: { kind, detail, offset, status } } };
  }
  const message = SipMessageCodec.encode(parsed.right);
  const checked = validateMessage(parsed.right);
  return E.isRight(checked)
    ? { exitCode: 0, report: { message, validation: { ok: true } } }
    : { exitCode: 1, report: { message, validation: { ok: false, status: checked.left.status, problems: checked.left.problems } } };
};
