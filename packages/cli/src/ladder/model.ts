// A ladder diagram as data: who took part, and one row per message in the order seen.
// Every reader (puresip logs, SIPp message logs, tshark JSON) produces this; every renderer
// (text, SVG) consumes it.

/** One message of a ladder: from, to, the label (method or status) and its time. */
export interface LadderRow {
  /** The time as the source wrote it (seconds, or a clock time); absent when it gave none. */
  readonly at?: string;
  readonly from: string;
  readonly to: string;
  /** What the arrow says: a request's method, a response's status and reason. */
  readonly label: string;
  /** Said beside the arrow: "retransmission", "unparsed". */
  readonly note?: string;
}

/** A ladder diagram: the parties (columns) and one row per message. */
export interface Ladder {
  /** Column order: each endpoint where it first appears. */
  readonly participants: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<LadderRow>;
}

/** Orders the participants by first appearance (sender before receiver). */
export const ladderOf = (rows: ReadonlyArray<LadderRow>): Ladder => {
  const seen = new Set<string>();
  const participants: Array<string> = [];
  for (const r of rows) {
    for (const p of [r.from, r.to]) {
      if (!seen.has(p)) {
        seen.add(p);
        participants.push(p);
      }
    }
  }
  return { participants, rows };
};

/** Where a log could not be read: a sentence and the 1-based line it is about. */
export interface LogError {
  readonly _tag: "LogError";
  readonly line: number;
  readonly detail: string;
}

export const logError = (line: number, detail: string): LogError => ({ _tag: "LogError", line, detail });
