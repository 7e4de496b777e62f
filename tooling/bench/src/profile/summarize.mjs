// Sums a V8 .cpuprofile (self time) and a sampling .heapprofile (bytes allocated) per package
// (packages/<name>/dist) and per function, as shares of the busy time or of all bytes.
import { readFileSync } from "node:fs";

const where = (frame) => {
  const m = /packages\/([^/]+)\/dist\/(.*)$/.exec(frame.url);
  const pkg = m !== null ? m[1] : frame.url.startsWith("node:") ? `node:${frame.url.slice(5).split("/")[0]}` : frame.url.includes("node_modules") ? "node_modules" : frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  return { pkg, fn: `${frame.functionName || "(anonymous)"} ${m !== null ? `${m[1]}/${m[2]}` : frame.url.split("/").pop()}:${frame.lineNumber + 1}` };
};
const add = (map, key, n) => map.set(key, (map.get(key) ?? 0) + n);
const top = (map, total, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);

/** Self time per package and function, idle excluded: `{ busyMs, packages, functions }`. */
export const cpuShares = (file, n = 25) => {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const self = new Map();
  prof.samples.forEach((id, i) => add(self, id, prof.timeDeltas[i] ?? 0));
  const pkgs = new Map();
  const fns = new Map();
  let busy = 0;
  for (const node of prof.nodes) {
    const t = self.get(node.id) ?? 0;
    if (t === 0 || node.callFrame.functionName === "(idle)") continue;
    const w = where(node.callFrame);
    busy += t;
    add(pkgs, w.pkg, t);
    add(fns, w.fn, t);
  }
  return { busyMs: busy / 1000, packages: top(pkgs, busy, n), functions: top(fns, busy, n) };
};

/** Bytes allocated per package and function (self): `{ bytes, packages, functions }`. */
export const heapShares = (file, n = 25) => {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const pkgs = new Map();
  const fns = new Map();
  let bytes = 0;
  const walk = (node) => {
    const w = where(node.callFrame);
    bytes += node.selfSize;
    add(pkgs, w.pkg, node.selfSize);
    add(fns, w.fn, node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(prof.head);
  return { bytes, packages: top(pkgs, bytes, n), functions: top(fns, bytes, n) };
};
