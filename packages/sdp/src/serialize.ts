// serializeSdp: a SessionDescription to text, every line ending in CRLF (RFC 8866 §5), fields
// in the order §5 requires. Unknown lines print at the end of their section, after a=.
// parseSdp(serializeSdp(sd)) equals sd, and serializeSdp(parseSdp(text)) equals text when the
// text was already in this canonical form.
import { printAttribute } from "./attributes/index.js";
import { printConnection } from "./connection.js";
import type { MediaDescription, Repeat, SessionDescription, TypedTime, UnknownLine } from "./model.js";
import type { Attribute } from "./attributes/model.js";

const CRLF = "\r\n";

const typedTime = (t: TypedTime): string => (t.unit === undefined ? `${t.value}` : `${t.value}${t.unit}`);

const repeat = (r: Repeat): string => {
  let s = `r=${typedTime(r.interval)} ${typedTime(r.duration)}`;
  for (const o of r.offsets) s += ` ${typedTime(o)}`;
  return s + CRLF;
};

/** k=, a= and the unknown lines that close a section. */
const tail = (key: string | undefined, attributes: ReadonlyArray<Attribute>, unknown: ReadonlyArray<UnknownLine>): string => {
  let s = "";
  if (key !== undefined) s += `k=${key}${CRLF}`;
  for (const a of attributes) s += `a=${printAttribute(a)}${CRLF}`;
  for (const u of unknown) s += `${u.type}=${u.value}${CRLF}`;
  return s;
};

const mediaSection = (m: MediaDescription): string => {
  let s = `m=${m.media} ${m.port}${m.portCount === undefined ? "" : `/${m.portCount}`} ${m.proto}`;
  for (const f of m.formats) s += ` ${f}`;
  s += CRLF;
  if (m.information !== undefined) s += `i=${m.information}${CRLF}`;
  for (const c of m.connections) s += `c=${printConnection(c)}${CRLF}`;
  for (const b of m.bandwidths) s += `b=${b.type}:${b.value}${CRLF}`;
  return s + tail(m.key, m.attributes, m.unknown);
};

/** Prints a session description as SDP text with CRLF line ends. */
export const serializeSdp = (sd: SessionDescription): string => {
  const o = sd.origin;
  let s = `v=${sd.version}${CRLF}o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.unicastAddress}${CRLF}s=${sd.sessionName}${CRLF}`;
  if (sd.information !== undefined) s += `i=${sd.information}${CRLF}`;
  if (sd.uri !== undefined) s += `u=${sd.uri}${CRLF}`;
  for (const e of sd.emails) s += `e=${e}${CRLF}`;
  for (const p of sd.phones) s += `p=${p}${CRLF}`;
  if (sd.connection !== undefined) s += `c=${printConnection(sd.connection)}${CRLF}`;
  for (const b of sd.bandwidths) s += `b=${b.type}:${b.value}${CRLF}`;
  for (const t of sd.timing) {
    s += `t=${t.start} ${t.stop}${CRLF}`;
    for (const r of t.repeats) s += repeat(r);
  }
  if (sd.zones.length > 0) {
    s += "z=";
    sd.zones.forEach((z, i) => {
      s += `${i === 0 ? "" : " "}${z.time} ${typedTime(z.offset)}`;
    });
    s += CRLF;
  }
  s += tail(sd.key, sd.attributes, sd.unknown);
  for (const m of sd.media) s += mediaSection(m);
  return s;
};
