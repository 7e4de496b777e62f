// The ladder as a standalone SVG picture: a lifeline per participant, an arrow per message with
// its label above it, the time on the left and any note on the right. Sizes are fixed numbers,
// so the same ladder always gives the same bytes (golden tests compare them).
import type { Ladder } from "./model.js";

const COLUMN = 200;
const ROW = 32;
const TOP = 48;
const LEFT = 110;
const NOTE_ROOM = 160;

const escape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Draws a ladder as a standalone SVG document. */
export const renderSvg = (ladder: Ladder): string => {
  const columns = ladder.participants.length;
  const width = LEFT + Math.max(0, columns - 1) * COLUMN + NOTE_ROOM;
  const height = TOP + (ladder.rows.length + 1) * ROW;
  const x = (i: number): number => LEFT + i * COLUMN;
  const index = new Map(ladder.participants.map((p, i) => [p, i] as const));
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    `<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  ladder.participants.forEach((p, i) => {
    out.push(`<text x="${x(i)}" y="20" text-anchor="middle" font-weight="bold">${escape(p)}</text>`);
    out.push(`<line x1="${x(i)}" y1="28" x2="${x(i)}" y2="${height - 8}" stroke="#888"/>`);
  });
  ladder.rows.forEach((r, k) => {
    const y = TOP + (k + 1) * ROW;
    const a = index.get(r.from) ?? 0;
    const b = index.get(r.to) ?? 0;
    if (r.at !== undefined) out.push(`<text x="8" y="${y + 4}" fill="#555">${escape(r.at)}</text>`);
    if (a === b) {
      out.push(`<path d="M${x(a)},${y - 8} h30 v16 h-30" fill="none" stroke="black" marker-end="url(#head)"/>`);
      out.push(`<text x="${x(a) + 36}" y="${y + 4}">${escape(r.label)}</text>`);
    } else {
      out.push(`<line x1="${x(a)}" y1="${y}" x2="${x(b)}" y2="${y}" stroke="black" marker-end="url(#head)"/>`);
      out.push(`<text x="${(x(a) + x(b)) / 2}" y="${y - 5}" text-anchor="middle">${escape(r.label)}</text>`);
    }
    if (r.note !== undefined) out.push(`<text x="${x(Math.max(a, b)) + 8}" y="${y + 4}" fill="#a00">${escape(r.note)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
};
