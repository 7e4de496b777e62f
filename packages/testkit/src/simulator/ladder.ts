// A text ladder diagram of a trace: one column per node, one row per message sent, command,
// note (timers, outcomes) and, optionally, wake-up.
//
//      time  alice                         bob
//     0.000  |----------- INVITE --------->|
//     0.010  |<-------- 100 Trying --------|
//     0.500  |----------- INVITE ------x   |  lost
import type { TraceEntry } from "./network.js";

/** How a trace is drawn as a ladder: which nodes, how to label messages and commands. */
export interface LadderOptions<M, C> {
  /** The text on an arrow: a request's method, a response's status and reason. */
  readonly label: (message: M) => string;
  /** The label of a command in the ladder. */
  readonly command?: (command: C) => string;
  /** Distance between two node columns, in characters. Default 30. */
  readonly columnWidth?: number;
  /** Also show each node's wake-ups. Default false: the notes they cause show anyway. */
  readonly wakes?: boolean;
}

const TIME_WIDTH = 10;

const centered = (text: string, width: number, fill: string): string => {
  const t = text.length + 2 > width ? text.slice(0, Math.max(0, width - 2)) : text;
  const inner = ` ${t} `;
  const left = Math.floor((width - inner.length) / 2);
  return fill.repeat(Math.max(0, left)) + inner + fill.repeat(Math.max(0, width - inner.length - left));
};

const time = (at: number): string => (at / 1000).toFixed(3).padStart(TIME_WIDTH - 2) + "  ";

/** Renders the trace of a run over `names` (the network's node order). */
export const ladder = <M, C>(names: ReadonlyArray<string>, entries: ReadonlyArray<TraceEntry<M, C>>, options: LadderOptions<M, C>): string => {
  const width = options.columnWidth ?? 30;
  const columns = names.length;
  // One column more than the last node, so notes at the last node have room.
  const canvasWidth = columns * width + 1;
  const index = new Map(names.map((n, i) => [n, i] as const));
  const blank = (): Array<string> => {
    const row = Array.from({ length: canvasWidth }, () => " ");
    for (let i = 0; i < columns; i++) row[i * width] = "|";
    return row;
  };
  const put = (row: Array<string>, at: number, text: string): void => {
    for (let k = 0; k < text.length && at + k < row.length; k++) row[at + k] = text[k] ?? " ";
  };
  const header = " ".repeat(TIME_WIDTH) + names.map((n) => n.padEnd(width)).join("").trimEnd();
  const lines: Array<string> = [" ".repeat(TIME_WIDTH - 6) + "time" + header.slice(TIME_WIDTH - 2)];
  for (const e of entries) {
    const row = blank();
    let suffix = "";
    switch (e._tag) {
      case "Sent": {
        const a = index.get(e.from);
        const b = index.get(e.to);
        if (a === undefined || b === undefined || a === b) continue;
        const lo = Math.min(a, b) * width;
        const hi = Math.max(a, b) * width;
        const span = hi - lo - 1;
        let arrow = centered(options.label(e.message), span, "-").split("");
        if (a < b) arrow[span - 1] = ">";
        else arrow[0] = "<";
        if (e.arrivals.length === 0) {
          // A lost packet stops short of its target.
          const cut = a < b ? span - 4 : 3;
          arrow = arrow.map((ch, k) => (a < b ? (k > cut ? " " : k === cut ? "x" : ch) : k < cut ? " " : k === cut ? "x" : ch));
          suffix = "  lost";
        } else if (e.arrivals.length > 1) suffix = "  duplicated";
        put(row, lo + 1, arrow.join(""));
        break;
      }
      case "Delivered":
        continue;
      case "Wake": {
        if (options.wakes !== true) continue;
        put(row, (index.get(e.node) ?? 0) * width + 2, "(wake)");
        break;
      }
      case "Command": {
        const text = options.command === undefined ? "command" : options.command(e.command);
        put(row, (index.get(e.node) ?? 0) * width + 2, `* ${text}`);
        break;
      }
      case "Note":
        put(row, (index.get(e.node) ?? 0) * width + 2, `[${e.text}]`);
        break;
    }
    lines.push((time(e.at) + row.join("")).trimEnd() + suffix);
  }
  return lines.join("\n");
};
