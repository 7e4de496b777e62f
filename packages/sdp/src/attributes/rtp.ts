// RTP attributes: rtpmap, fmtp, ptime, maxptime, framerate (RFC 8866 §6), rtcp (RFC 3605),
// rtcp-fb (RFC 4585). A parser returns the attribute, or a string that says what is wrong.
import type { Fmtp, Framerate, Maxptime, Ptime, Rtcp, RtcpFb, Rtpmap } from "./model.js";
import { decimal, indexOfSpace, isField, skipSpaces, uint, words } from "./scan.js";

/** RFC 8866 §6.6: rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] */
export const parseRtpmap = (value: string): Rtpmap | string => {
  const sp = indexOfSpace(value, 0);
  if (sp < 0) return "rtpmap needs <payload type> <encoding name>/<clock rate>";
  const payloadType = uint(value.slice(0, sp), 3);
  if (payloadType < 0 || payloadType > 127) return "rtpmap payload type must be 0-127";
  const rest = value.slice(skipSpaces(value, sp));
  const slash = rest.indexOf("/");
  if (slash <= 0) return "rtpmap needs <encoding name>/<clock rate>";
  const encodingName = rest.slice(0, slash);
  const slash2 = rest.indexOf("/", slash + 1);
  const clockRate = uint(slash2 < 0 ? rest.slice(slash + 1) : rest.slice(slash + 1, slash2));
  if (clockRate <= 0 || !isField(encodingName)) return "rtpmap clock rate must be a positive integer";
  if (slash2 < 0) return { _tag: "Rtpmap", payloadType, encodingName, clockRate };
  const encodingParameters = uint(rest.slice(slash2 + 1), 4);
  if (encodingParameters < 0) return "rtpmap encoding parameters must be a number of channels";
  return { _tag: "Rtpmap", payloadType, encodingName, clockRate, encodingParameters };
};

export const printRtpmap = (a: Rtpmap): string =>
  `rtpmap:${a.payloadType} ${a.encodingName}/${a.clockRate}${a.encodingParameters === undefined ? "" : `/${a.encodingParameters}`}`;

/** RFC 8866 §6.15: fmtp:<format> <format specific parameters> */
export const parseFmtp = (value: string): Fmtp | string => {
  const sp = indexOfSpace(value, 0);
  if (sp <= 0) return "fmtp needs <format> <format specific parameters>";
  const parameters = value.slice(skipSpaces(value, sp));
  if (parameters.length === 0) return "fmtp needs <format specific parameters>";
  return { _tag: "Fmtp", format: value.slice(0, sp), parameters };
};

export const printFmtp = (a: Fmtp): string => `fmtp:${a.format} ${a.parameters}`;

/** The `name=value` pairs of an fmtp parameter string, split on ";" (RFC 8866 §6.15 convention). */
export const fmtpParameters = (parameters: string): ReadonlyArray<{ readonly name: string; readonly value?: string }> => {
  const out: Array<{ readonly name: string; readonly value?: string }> = [];
  for (const piece of parameters.split(";")) {
    const p = piece.trim();
    if (p.length === 0) continue;
    const eq = p.indexOf("=");
    out.push(eq < 0 ? { name: p } : { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() });
  }
  return out;
};

const positive = (value: string, what: string): number | string => {
  const n = decimal(value);
  return Number.isNaN(n) ? `${what} must be a decimal number` : n;
};

/** RFC 8866 §6.4: ptime:<packet time> */
export const parsePtime = (value: string): Ptime | string => {
  const n = positive(value, "ptime");
  return typeof n === "string" ? n : { _tag: "Ptime", value: n };
};

/** RFC 8866 §6.5: maxptime:<maximum packet time> */
export const parseMaxptime = (value: string): Maxptime | string => {
  const n = positive(value, "maxptime");
  return typeof n === "string" ? n : { _tag: "Maxptime", value: n };
};

/** RFC 8866 §6.8: framerate:<frame rate> */
export const parseFramerate = (value: string): Framerate | string => {
  const n = positive(value, "framerate");
  return typeof n === "string" ? n : { _tag: "Framerate", value: n };
};

/** RFC 3605 §2.1: rtcp:<port> [<nettype> <addrtype> <connection-address>] */
export const parseRtcp = (value: string): Rtcp | string => {
  const w = words(value);
  const port = uint(w[0] ?? "", 5);
  if (port < 0 || port > 65535) return "rtcp port must be 0-65535";
  if (w.length === 1) return { _tag: "Rtcp", port };
  const [, netType, addrType, address] = w;
  if (w.length !== 4 || netType === undefined || addrType === undefined || address === undefined)
    return "rtcp needs <port> or <port> <nettype> <addrtype> <connection-address>";
  return { _tag: "Rtcp", port, netType, addrType, address };
};

export const printRtcp = (a: Rtcp): string =>
  a.address === undefined || a.netType === undefined || a.addrType === undefined
    ? `rtcp:${a.port}`
    : `rtcp:${a.port} ${a.netType} ${a.addrType} ${a.address}`;

/** RFC 4585 §4.2: rtcp-fb:<payload type or *> <type> [<parameters>] */
export const parseRtcpFb = (value: string): RtcpFb | string => {
  const sp = indexOfSpace(value, 0);
  if (sp <= 0) return "rtcp-fb needs <payload type> <feedback type>";
  const payloadType = value.slice(0, sp);
  const start = skipSpaces(value, sp);
  const sp2 = indexOfSpace(value, start);
  const type = sp2 < 0 ? value.slice(start) : value.slice(start, sp2);
  if (type.length === 0) return "rtcp-fb needs a feedback type";
  if (sp2 < 0) return { _tag: "RtcpFb", payloadType, type };
  const parameter = words(value.slice(sp2)).join(" ");
  return parameter.length === 0 ? { _tag: "RtcpFb", payloadType, type } : { _tag: "RtcpFb", payloadType, type, parameter };
};

export const printRtcpFb = (a: RtcpFb): string =>
  `rtcp-fb:${a.payloadType} ${a.type}${a.parameter === undefined ? "" : ` ${a.parameter}`}`;
