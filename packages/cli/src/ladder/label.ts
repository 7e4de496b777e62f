// The text on an arrow, from a message as it was logged.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage } from "@puresip/message";

export interface Labelled {
  readonly label: string;
  readonly note?: string;
}

const MAX_LABEL = 40;

/** The first line of text, trimmed and cut to a width a ladder can hold. */
const firstLine = (text: string): string => {
  let start = 0;
  while (start < text.length && (text[start] === "\r" || text[start] === "\n")) start++;
  let end = start;
  while (end < text.length && text[end] !== "\r" && text[end] !== "\n") end++;
  const line = text.slice(start, end).trim();
  return line.length > MAX_LABEL ? `${line.slice(0, MAX_LABEL - 1)}…` : line;
};

/**
 * A request is labelled with its method, a response with its status code and reason phrase
 * (§7.1, §7.2). A message that does not parse keeps its first line and says so, so a log with
 * one bad message still draws.
 */
export const labelOf = (text: string): Labelled => {
  const parsed = parseMessage(text);
  if (E.isLeft(parsed)) return { label: firstLine(text) || "(empty)", note: `unparsed: ${parsed.left.detail}` };
  const m = parsed.right;
  return m._tag === "Request" ? { label: m.method } : { label: `${m.status} ${m.reason}`.trimEnd() };
};
