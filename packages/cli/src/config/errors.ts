// io-ts errors as sentences a person can act on: the path of each bad field, what it should
// be, and what was there. `port: expected an integer from 1 to 65535, got "50x60"`.
import type * as t from "io-ts";

const shown = (value: unknown): string => {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};

/** The dotted path of an error (`media.codecs[1]`): the keys below the top-level value. */
const pathOf = (context: t.Context): string => {
  let path = "";
  for (const entry of context.slice(1)) {
    if (entry.key === "") continue;
    path += /^[0-9]+$/.test(entry.key) ? `[${entry.key}]` : path === "" ? entry.key : `.${entry.key}`;
  }
  return path === "" ? "(top level)" : path;
};

/** One line per error, without repeats (a union reports each branch; the first line is enough). */
export const describeErrors = (errors: t.Errors): ReadonlyArray<string> => {
  const lines: Array<string> = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = pathOf(e.context);
    if (seen.has(path)) continue;
    seen.add(path);
    const expected = e.message ?? `expected ${e.context.at(-1)?.type.name ?? "a valid value"}`;
    lines.push(`${path}: ${expected}, got ${shown(e.value)}`);
  }
  return lines;
};
