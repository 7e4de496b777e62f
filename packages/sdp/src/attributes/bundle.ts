// Grouping and stream identity: mid and group (RFC 5888, BUNDLE per RFC 9143), msid (RFC 8830),
// extmap (RFC 8285).
import { isDirection } from "./direction.js";
import type { Extmap, Group, Mid, Msid } from "./model.js";
import type { Mutable } from "./scan.js";
import { indexOfSpace, isField, skipSpaces, uint, words } from "./scan.js";

/** RFC 5888 §4: mid:<identification-tag> (a token). */
export const parseMid = (value: string): Mid | string => (isField(value) ? { _tag: "Mid", value } : "mid needs one identification-tag");

/** RFC 5888 §5: group:<semantics> *(SP <identification-tag>) */
export const parseGroup = (value: string): Group | string => {
  const [semantics, ...mids] = words(value);
  return semantics === undefined ? "group needs <semantics>" : { _tag: "Group", semantics, mids };
};

export const printGroup = (a: Group): string => (a.mids.length === 0 ? `group:${a.semantics}` : `group:${a.semantics} ${a.mids.join(" ")}`);

/** RFC 8830 §2: msid:<msid-id> [<msid-appdata>] */
export const parseMsid = (value: string): Msid | string => {
  const w = words(value);
  const [streamId, trackId] = w;
  if (streamId === undefined || w.length > 2) return "msid needs <stream id> [<track id>]";
  return trackId === undefined ? { _tag: "Msid", streamId } : { _tag: "Msid", streamId, trackId };
};

export const printMsid = (a: Msid): string => (a.trackId === undefined ? `msid:${a.streamId}` : `msid:${a.streamId} ${a.trackId}`);

/** RFC 8285: extmap:<value>["/"<direction>] <URI> <extensionattributes> */
export const parseExtmap = (value: string): Extmap | string => {
  const sp = indexOfSpace(value, 0);
  if (sp <= 0) return "extmap needs <id> <URI>";
  const head = value.slice(0, sp);
  const slash = head.indexOf("/");
  const id = uint(slash < 0 ? head : head.slice(0, slash), 5);
  if (id < 1 || id > 4095) return "extmap id must be 1-4095";
  const direction = slash < 0 ? undefined : head.slice(slash + 1);
  if (direction !== undefined && !isDirection(direction)) return "extmap direction must be sendrecv, sendonly, recvonly or inactive";
  const start = skipSpaces(value, sp);
  const sp2 = indexOfSpace(value, start);
  const uri = sp2 < 0 ? value.slice(start) : value.slice(start, sp2);
  if (uri.length === 0) return "extmap needs a URI";
  const attributes = sp2 < 0 ? "" : words(value.slice(sp2)).join(" ");
  const extmap: Mutable<Extmap> = { _tag: "Extmap", id, uri };
  if (direction !== undefined) extmap.direction = direction;
  if (attributes.length > 0) extmap.attributes = attributes;
  return extmap;
};

export const printExtmap = (a: Extmap): string =>
  `extmap:${a.id}${a.direction === undefined ? "" : `/${a.direction}`} ${a.uri}${a.attributes === undefined ? "" : ` ${a.attributes}`}`;
