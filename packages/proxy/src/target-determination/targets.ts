// The target set (§16.5) from the location service's bindings, and how it is tried (§16.6:
// "the proxy ... MAY process the targets in any order ... If q-values were specified, ... in
// order of decreasing q-value", and targets with equal q-value in parallel).
import { findParam } from "@puresip/message";
import type { Binding } from "@puresip/ua/registrar";
import type { Forking } from "../config.js";
import type { Target } from "./route.js";

/** §20.10: the `q` parameter, a decimal in [0, 1]; absent or unreadable: 1. */
const qOf = (binding: Binding): number => {
  const raw = findParam(binding.contact.params, "q")?.value;
  const q = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1;
};

/**
 * §16.5: the target set from the location service's bindings: each Contact URI with its q-value
 * (§20.10; 1 when absent or unreadable) and the path vector it registered with (RFC 3327 §5.3).
 */
export const targetsOf = (bindings: ReadonlyArray<Binding>): ReadonlyArray<Target> =>
  bindings.map((b) => ({ uri: b.contact.uri, q: qOf(b), ...(b.path === undefined || b.path.length === 0 ? {} : { path: b.path }) }));

/** The targets as groups to try one after the other; each group is forked in parallel. */
export const groupTargets = (forking: Forking, targets: ReadonlyArray<Target>): ReadonlyArray<ReadonlyArray<Target>> => {
  if (targets.length === 0) return [];
  if (forking === "Parallel") return [targets];
  const sorted = [...targets].sort((a, b) => b.q - a.q);
  const groups: Array<Array<Target>> = [];
  for (const t of sorted) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]?.q === t.q) last.push(t);
    else groups.push([t]);
  }
  return groups;
};
