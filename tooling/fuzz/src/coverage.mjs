// Coverage feedback from V8 itself: block coverage of the puresip packages' built code, read
// through the in-process inspector (which answers synchronously). `Profiler.takePreciseCoverage`
// with call counts returns the counts since the previous take and resets them.
//
// V8 reports a block only where its count differs from the enclosing range's, so the ranges
// with a count above zero depend on how often things ran, not only on what ran: keyed on those,
// every batch looks new. What is stable is the list of blocks that did *not* run (count 0,
// always reported inside a function that ran). So each function keeps the blocks it is known to
// have, and whether each has run yet; a take is new when a function runs for the first time or a
// known block that never ran is no longer inside any block reported as not run.
import { Session } from "node:inspector";

export const startCoverage = (include = (url) => url.includes("/packages/") && url.includes("/dist/")) => {
  const session = new Session();
  session.connect();
  const post = (method, params) => {
    let out;
    let failure;
    session.post(method, params, (err, result) => {
      failure = err;
      out = result;
    });
    if (failure) throw failure;
    return out;
  };
  post("Profiler.enable");
  post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  /** function key → Map(block "start:end" → has run) */
  const functions = new Map();
  let covered = 0;

  /**
   * Reads and resets the counts; returns how many blocks ran for the first time. With
   * `commit` false nothing is recorded (a batch is only asked whether it holds something new).
   */
  const take = (commit = true) => {
    let fresh = 0;
    for (const script of post("Profiler.takePreciseCoverage").result) {
      if (!include(script.url)) continue;
      for (const fn of script.functions) {
        const [whole, ...inner] = fn.ranges;
        if (whole === undefined || whole.count === 0) continue;
        const key = `${script.url}:${whole.startOffset}:${whole.endOffset}`;
        const notRun = inner.filter((r) => r.count === 0);
        let blocks = functions.get(key);
        if (blocks === undefined) {
          fresh++;
          if (!commit) continue;
          blocks = new Map();
          functions.set(key, blocks);
          covered++;
        }
        for (const [block, ran] of blocks) {
          if (ran) continue;
          const [s, e] = block.split(":").map(Number);
          if (notRun.some((r) => r.startOffset <= s && e <= r.endOffset)) continue;
          fresh++;
          if (commit) {
            blocks.set(block, true);
            covered++;
          }
        }
        if (commit) for (const r of notRun) if (!blocks.has(`${r.startOffset}:${r.endOffset}`)) blocks.set(`${r.startOffset}:${r.endOffset}`, false);
      }
    }
    return fresh;
  };
  take();
  return { take, covered: () => covered, stop: () => session.disconnect() };
};
