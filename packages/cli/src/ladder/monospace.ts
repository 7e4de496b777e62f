// The ladder as monospaced text, in the style of @puresip/testkit's simulator ladders:
//
//      time  127.0.0.1:5070          127.0.0.1:5060
//     0.000  |------- INVITE ------->|
//     0.001  |<---- 180 Ringing -----|
import type { Ladder, LadderRow } from "./model.js";

const centered = (text: string, width: number, fill: string): string => {
  const inner = ` ${text} `;
  const left = Math.floor((width - inner.length) / 2);
  return fill.repeat(Math.max(0, left)) + inner + fill.repeat(Math.max(0, width - inner.length - left));
};

/** Characters between two neighbouring columns: room for the longest label and name. */
export const columnWidth = (ladder: Ladder): number => {
  let w = 20;
  for (const r of ladder.rows) w = Math.max(w, r.label.length + 8);
  for (const p of ladder.participants) w = Math.max(w, p.length + 2);
  return w;
};

const arrow = (label: string, span: number, rightwards: boolean): string => {
  const chars = centered(label, span, "-").split("");
  if (rightwards) chars[span - 1] = ">";
  else chars[0] = "<";
  return chars.join("");
};

/** One row drawn across `columns` columns `width` apart (no time column). */
export const drawRow = (row: LadderRow, index: ReadonlyMap<string, number>, columns: number, width: number): string => {
  const canvas = Array.from({ length: (columns - 1) * width + 1 }, () => " ");
  for (let i = 0; i < columns; i++) canvas[i * width] = "|";
  const a = index.get(row.from) ?? 0;
  const b = index.get(row.to) ?? 0;
  let text: string;
  let at: number;
  if (a === b) {
    text = `[${row.label} to itself]`;
    at = a * width + 2;
  } else {
    const lo = Math.min(a, b) * width;
    text = arrow(row.label, Math.abs(b - a) * width - 1, a < b);
    at = lo + 1;
  }
  const line = canvas.slice(0, at).join("") + text + canvas.slice(at + text.length).join("");
  return line.trimEnd() + (row.note === undefined ? "" : `  ${row.note}`);
};

/** Draws a ladder as monospaced text. */
export const renderText = (ladder: Ladder): string => {
  const width = columnWidth(ladder);
  const columns = ladder.participants.length;
  const index = new Map(ladder.participants.map((p, i) => [p, i] as const));
  const timeWidth = Math.max(4, ...ladder.rows.map((r) => r.at?.length ?? 0));
  const header = "time".padStart(timeWidth) + "  " + ladder.participants.map((p) => p.padEnd(width)).join("").trimEnd();
  const lines = [header];
  for (const r of ladder.rows) lines.push(`${(r.at ?? "").padStart(timeWidth)}  ${drawRow(r, index, columns, width)}`);
  return `${lines.join("\n")}\n`;
};
