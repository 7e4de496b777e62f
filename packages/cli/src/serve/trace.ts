// `--trace` and `--trace-log` for every command that runs a stack (serve, call, register,
// options, message): the stack's trace hook turned into live ladder lines on stderr and blocks
// of puresip's log format in a file (`puresip ladder` reads it).
import { appendFileSync } from "node:fs";
import type { TraceEvent } from "@puresip/node";
import { formatAddress } from "@puresip/node";
import type { Io } from "../io.js";
import { traceLine, traceLogBlock } from "../ladder/live.js";

export interface TracePlan {
  readonly trace: boolean;
  readonly traceLog?: string;
}

/** The hook to give createStack, or undefined when neither is asked for. */
export const tracer = (plan: TracePlan, io: Io): ((event: TraceEvent) => void) | undefined => {
  if (!plan.trace && plan.traceLog === undefined) return undefined;
  const started = performance.now();
  const decoder = new TextDecoder();
  const { traceLog } = plan;
  return (e) => {
    const m = {
      direction: e.direction,
      elapsedMs: performance.now() - started,
      local: formatAddress(e.local.host, e.local.port),
      remote: formatAddress(e.remote.host, e.remote.port),
      text: decoder.decode(e.bytes),
    };
    if (plan.trace) io.stderr(traceLine(m));
    if (traceLog !== undefined) appendFileSync(traceLog, traceLogBlock(m));
  };
};
