// parseSdp: RFC 8866 §5 text to a SessionDescription, one pass over the lines with indexOf and
// charCodeAt. Lenient where the real world is: LF-only line ends, trailing spaces and tabs,
// blank lines, lines with an unknown type letter (kept as UnknownLine, RFC 8866 §5: "parsers
// MUST ignore" them, we keep them so nothing is lost). Strict where meaning is at stake: the
// v=0 first line, one o= and one s=, no duplicate singleton fields, r= only after t=, session
// fields not repeated inside a media section, and every typed attribute well formed.
import * as E from "fp-ts/lib/Either.js";
import { parseAttribute } from "./attributes/index.js";
import type { Attribute } from "./attributes/model.js";
import type { Mutable } from "./attributes/scan.js";
import { indexOfSpace, isDigits, uint, words } from "./attributes/scan.js";
import { parseConnection } from "./connection.js";
import type {
  Bandwidth,
  Connection,
  MediaDescription,
  Origin,
  Repeat,
  SdpError,
  SessionDescription,
  Timing,
  TypedTime,
  UnknownLine,
  ZoneAdjustment,
} from "./model.js";


interface MediaBuilder {
  head: Pick<MediaDescription, "media" | "port" | "portCount" | "proto" | "formats">;
  information: string | undefined;
  connections: Array<Connection>;
  bandwidths: Array<Bandwidth>;
  key: string | undefined;
  attributes: Array<Attribute>;
  unknown: Array<UnknownLine>;
}

const isSpace = (c: number): boolean => c === 32 || c === 9;

/** o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (§5.2) */
const parseOrigin = (value: string): Origin | string => {
  const w = words(value);
  const [username, sessionId, sessionVersion, netType, addrType, unicastAddress] = w;
  if (
    w.length !== 6 ||
    username === undefined ||
    sessionId === undefined ||
    sessionVersion === undefined ||
    netType === undefined ||
    addrType === undefined ||
    unicastAddress === undefined
  )
    return "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>";
  if (!isDigits(sessionId)) return "o= sess-id must be a decimal number";
  if (!isDigits(sessionVersion)) return "o= sess-version must be a decimal number";
  return { username, sessionId, sessionVersion, netType, addrType, unicastAddress };
};

/** b=<bwtype>:<bandwidth> (§5.8) */
const parseBandwidth = (value: string): Bandwidth | string => {
  const colon = value.indexOf(":");
  const bw = colon <= 0 ? -1 : uint(value.slice(colon + 1), 15);
  return bw < 0 ? "b= needs <bwtype>:<bandwidth>" : { type: value.slice(0, colon), value: bw };
};

/** typed-time = 1*DIGIT [fixed-len-time-unit] (§9), with a leading "-" allowed for z= offsets. */
const parseTypedTime = (s: string, signed: boolean): TypedTime | undefined => {
  const last = s.charCodeAt(s.length - 1);
  const unit = last === 100 ? "d" : last === 104 ? "h" : last === 109 ? "m" : last === 115 ? "s" : undefined;
  const digits = unit === undefined ? s : s.slice(0, -1);
  const negative = signed && digits.charCodeAt(0) === 45;
  const n = uint(negative ? digits.slice(1) : digits, 15);
  if (n < 0) return undefined;
  const value = negative ? -n : n;
  return unit === undefined ? { value } : { value, unit };
};

/** t=<start-time> <stop-time> (§5.9) */
const parseTiming = (value: string): Timing | string => {
  const w = words(value);
  const start = uint(w[0] ?? "", 15);
  const stop = uint(w[1] ?? "", 15);
  return w.length !== 2 || start < 0 || stop < 0 ? "t= needs <start-time> <stop-time> in NTP seconds" : { start, stop, repeats: [] };
};

/** r=<repeat interval> <active duration> <offsets from start-time> (§5.10) */
const parseRepeat = (value: string): Repeat | string => {
  const w = words(value);
  const times: Array<TypedTime> = [];
  for (const x of w) {
    const t = parseTypedTime(x, false);
    if (t === undefined) return "r= fields must be typed times such as 7d, 25h or 3600";
    times.push(t);
  }
  const [interval, duration, ...offsets] = times;
  if (interval === undefined || duration === undefined || offsets.length === 0)
    return "r= needs <repeat interval> <active duration> <offsets from start-time>";
  return { interval, duration, offsets };
};

/** z=<adjustment time> <offset> *(SP <adjustment time> SP <offset>) (§5.11) */
const parseZones = (value: string): ReadonlyArray<ZoneAdjustment> | string => {
  const w = words(value);
  if (w.length === 0 || w.length % 2 !== 0) return "z= needs pairs of <adjustment time> <offset>";
  const out: Array<ZoneAdjustment> = [];
  for (let i = 0; i < w.length; i += 2) {
    const time = uint(w[i] ?? "", 15);
    const offset = parseTypedTime(w[i + 1] ?? "", true);
    if (time < 0 || offset === undefined) return "z= needs pairs of <adjustment time> <offset>";
    out.push({ time, offset });
  }
  return out;
};

/** m=<media> <port>[/<number of ports>] <proto> <fmt> ... (§5.14) */
const parseMediaLine = (value: string): MediaBuilder["head"] | string => {
  const w = words(value);
  const [media, portText, proto] = w;
  const formats = w.slice(3);
  if (media === undefined || portText === undefined || proto === undefined) return "m= needs <media> <port> <proto> <fmt> ...";
  const slash = portText.indexOf("/");
  const port = uint(slash < 0 ? portText : portText.slice(0, slash), 5);
  if (port < 0 || port > 65535) return "m= port must be 0-65535";
  if (slash < 0) return { media, port, proto, formats };
  const portCount = uint(portText.slice(slash + 1), 5);
  if (portCount < 1) return "m= number of ports must be a positive integer";
  return { media, port, portCount, proto, formats };
};

/** a=<attribute-name>[:<attribute-value>] (§5.13) */
const parseAttributeLine = (value: string): Attribute | string => {
  const colon = value.indexOf(":");
  const name = colon < 0 ? value : value.slice(0, colon);
  if (name.length === 0 || indexOfSpace(name, 0) >= 0) return "a= needs <attribute-name>[:<attribute-value>]";
  return parseAttribute(name, colon < 0 ? undefined : value.slice(colon + 1));
};

const finishMedia = (m: MediaBuilder): MediaDescription => {
  // Built as one literal (no object spread): this runs once per m-line on the hot path.
  const h = m.head;
  const out: Mutable<MediaDescription> = {
    media: h.media,
    port: h.port,
    proto: h.proto,
    formats: h.formats,
    connections: m.connections,
    bandwidths: m.bandwidths,
    attributes: m.attributes,
    unknown: m.unknown,
  };
  if (h.portCount !== undefined) out.portCount = h.portCount;
  if (m.information !== undefined) out.information = m.information;
  if (m.key !== undefined) out.key = m.key;
  return out;
};

/** Type letters that RFC 8866 §5 allows only before the first m= line: v o s u e p t r z. */
const isSessionOnly = (type: number): boolean =>
  type === 118 || type === 111 || type === 115 || type === 117 || type === 101 || type === 112 || type === 116 || type === 114 || type === 122;

/**
 * Parses one SDP body. The result names the first problem: its line number (1-based), the
 * line, and what is wrong with it. Never throws.
 */
export const parseSdp = (text: string): E.Either<SdpError, SessionDescription> => {
  let origin: Origin | undefined;
  let sessionName: string | undefined;
  let information: string | undefined;
  let uri: string | undefined;
  let connection: Connection | undefined;
  let key: string | undefined;
  let zones: ReadonlyArray<ZoneAdjustment> = [];
  let sawVersion = false;
  const emails: Array<string> = [];
  const phones: Array<string> = [];
  const bandwidths: Array<Bandwidth> = [];
  const timing: Array<Timing> = [];
  // The r= lines of the last t=, still open for appending.
  let repeats: Array<Repeat> = [];
  const attributes: Array<Attribute> = [];
  const unknown: Array<UnknownLine> = [];
  const media: Array<MediaDescription> = [];
  let current: MediaBuilder | undefined;

  let lineNo = 0;
  let pos = 0;
  const len = text.length;
  // The current line's bounds, sliced only when an error needs the text.
  let errorStart = 0;
  let errorEnd = 0;
  const fail = (message: string): E.Either<SdpError, SessionDescription> =>
    E.left({ _tag: "SdpError", line: lineNo, text: text.slice(errorStart, errorEnd), message });

  while (pos < len) {
    lineNo++;
    const nl = text.indexOf("\n", pos);
    const lineStart = pos;
    let lineEnd = nl < 0 ? len : nl;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    pos = nl < 0 ? len : nl + 1;
    errorStart = lineStart;
    errorEnd = lineEnd;
    let first = lineStart;
    while (first < lineEnd && isSpace(text.charCodeAt(first))) first++;
    if (first === lineEnd) continue;
    const type = text.charCodeAt(lineStart);
    if (lineEnd - lineStart < 2 || text.charCodeAt(lineStart + 1) !== 61 || type < 97 || type > 122)
      return fail("expected <type>=<value> with a lower-case type letter");
    // Trailing spaces and tabs are noise, except in s= and i= where they are the text itself
    // (RFC 8866 §5.3 even asks for "s= " when a session has no name).
    let stop = lineEnd;
    if (type !== 115 && type !== 105) while (stop > lineStart + 2 && isSpace(text.charCodeAt(stop - 1))) stop--;
    const value = text.slice(lineStart + 2, stop);
    if (!sawVersion) {
      if (type !== 118) return fail("an SDP body starts with v=0");
      if (value !== "0") return fail("v= must be 0 (RFC 8866 §5.1)");
      sawVersion = true;
      continue;
    }
    if (current !== undefined && isSessionOnly(type))
      return fail(`${String.fromCharCode(type)}= belongs to the session section, not after m=`);
    switch (type) {
      case 118: // v
        return fail("duplicate v= line");
      case 111: {
        // o
        if (origin !== undefined) return fail("duplicate o= line");
        const o = parseOrigin(value);
        if (typeof o === "string") return fail(o);
        origin = o;
        break;
      }
      case 115: // s
        if (sessionName !== undefined) return fail("duplicate s= line");
        sessionName = value;
        break;
      case 105: // i
        if (current !== undefined) {
          if (current.information !== undefined) return fail("duplicate i= line in a media section");
          current.information = value;
        } else {
          if (information !== undefined) return fail("duplicate i= line");
          information = value;
        }
        break;
      case 117: // u
        if (uri !== undefined) return fail("duplicate u= line");
        uri = value;
        break;
      case 101: // e
        emails.push(value);
        break;
      case 112: // p
        phones.push(value);
        break;
      case 99: {
        // c
        const c = parseConnection(value);
        if (typeof c === "string") return fail(c);
        if (current !== undefined) current.connections.push(c);
        else if (connection !== undefined) return fail("duplicate c= line at session level");
        else connection = c;
        break;
      }
      case 98: {
        // b
        const b = parseBandwidth(value);
        if (typeof b === "string") return fail(b);
        (current === undefined ? bandwidths : current.bandwidths).push(b);
        break;
      }
      case 116: {
        // t
        const t = parseTiming(value);
        if (typeof t === "string") return fail(t);
        repeats = [];
        timing.push({ start: t.start, stop: t.stop, repeats });
        break;
      }
      case 114: {
        // r
        if (timing.length === 0) return fail("r= must follow a t= line");
        const r = parseRepeat(value);
        if (typeof r === "string") return fail(r);
        repeats.push(r);
        break;
      }
      case 122: {
        // z
        if (zones.length > 0) return fail("duplicate z= line");
        const z = parseZones(value);
        if (typeof z === "string") return fail(z);
        zones = z;
        break;
      }
      case 107: // k
        if (current !== undefined) {
          if (current.key !== undefined) return fail("duplicate k= line in a media section");
          current.key = value;
        } else {
          if (key !== undefined) return fail("duplicate k= line");
          key = value;
        }
        break;
      case 97: {
        // a
        const a = parseAttributeLine(value);
        if (typeof a === "string") return fail(a);
        (current === undefined ? attributes : current.attributes).push(a);
        break;
      }
      case 109: {
        // m
        if (origin === undefined) return fail("o= must come before the first m= line");
        if (sessionName === undefined) return fail("s= must come before the first m= line");
        const m = parseMediaLine(value);
        if (typeof m === "string") return fail(m);
        if (current !== undefined) media.push(finishMedia(current));
        current = { head: m, information: undefined, connections: [], bandwidths: [], key: undefined, attributes: [], unknown: [] };
        break;
      }
      default:
        (current === undefined ? unknown : current.unknown).push({ type: String.fromCharCode(type), value });
    }
  }
  lineNo++;
  errorStart = len;
  errorEnd = len;
  if (!sawVersion) return fail("empty SDP body: expected v=0");
  if (origin === undefined) return fail("missing o= line (RFC 8866 §5.2)");
  if (sessionName === undefined) return fail("missing s= line (RFC 8866 §5.3)");
  if (current !== undefined) media.push(finishMedia(current));
  const sd: Mutable<SessionDescription> = {
    version: 0,
    origin,
    sessionName,
    emails,
    phones,
    bandwidths,
    timing,
    zones,
    attributes,
    unknown,
    media,
  };
  if (information !== undefined) sd.information = information;
  if (uri !== undefined) sd.uri = uri;
  if (connection !== undefined) sd.connection = connection;
  if (key !== undefined) sd.key = key;
  return E.right(sd);
};
