// Source-specific attributes (RFC 5576): ssrc and ssrc-group.
import type { Ssrc, SsrcGroup } from "./model.js";
import { indexOfSpace, skipSpaces, uint, words } from "./scan.js";

const MAX_SSRC = 4294967295;

/** RFC 5576 §4.1: ssrc:<ssrc-id> <attribute>[:<value>] */
export const parseSsrc = (value: string): Ssrc | string => {
  const sp = indexOfSpace(value, 0);
  const ssrc = uint(sp < 0 ? value : value.slice(0, sp));
  if (ssrc < 0 || ssrc > MAX_SSRC) return "ssrc id must be a 32-bit unsigned integer";
  if (sp < 0) return "ssrc needs <ssrc-id> <attribute>";
  const rest = value.slice(skipSpaces(value, sp));
  const colon = rest.indexOf(":");
  const attribute = colon < 0 ? rest : rest.slice(0, colon);
  if (attribute.length === 0) return "ssrc needs an attribute name";
  return colon < 0 ? { _tag: "Ssrc", ssrc, attribute } : { _tag: "Ssrc", ssrc, attribute, value: rest.slice(colon + 1) };
};

export const printSsrc = (a: Ssrc): string => `ssrc:${a.ssrc} ${a.attribute}${a.value === undefined ? "" : `:${a.value}`}`;

/** RFC 5576 §4.2: ssrc-group:<semantics> *(SP <ssrc-id>) */
export const parseSsrcGroup = (value: string): SsrcGroup | string => {
  const [semantics, ...ids] = words(value);
  if (semantics === undefined) return "ssrc-group needs <semantics>";
  const ssrcs: Array<number> = [];
  for (const id of ids) {
    const n = uint(id);
    if (n < 0 || n > MAX_SSRC) return "ssrc-group ids must be 32-bit unsigned integers";
    ssrcs.push(n);
  }
  return { _tag: "SsrcGroup", semantics, ssrcs };
};

export const printSsrcGroup = (a: SsrcGroup): string =>
  a.ssrcs.length === 0 ? `ssrc-group:${a.semantics}` : `ssrc-group:${a.semantics} ${a.ssrcs.join(" ")}`;
