// The attribute table: which parser reads which a= name, and how each typed value prints.
// parseAttribute gives the attribute or a message naming the problem; the line parser adds
// the line number.
import { absurd } from "fp-ts/lib/function.js";
import { parseExtmap, parseGroup, parseMid, parseMsid, printExtmap, printGroup, printMsid } from "./bundle.js";
import { parseCrypto, parseFingerprint, parseSetup, printCrypto, printFingerprint } from "./dtls.js";
import { parseCandidate, parseIceOptions, printCandidate } from "./ice.js";
import type { Attribute } from "./model.js";
import {
  parseFmtp,
  parseFramerate,
  parseMaxptime,
  parsePtime,
  parseRtcp,
  parseRtcpFb,
  parseRtpmap,
  printFmtp,
  printRtcp,
  printRtcpFb,
  printRtpmap,
} from "./rtp.js";
import { parseMaxMessageSize, parseSctpPort } from "./sctp.js";
import { parseSsrc, parseSsrcGroup, printSsrc, printSsrcGroup } from "./ssrc.js";

/** A property attribute (RFC 8866 §5.13 `a=<flag>`) given a value. */
const noValue = (name: string): string => `${name} takes no value`;

/**
 * One a= line's content, `name` before the first ":" and `value` after it (undefined for a
 * property attribute such as `a=rtcp-mux`). Names are matched exactly: RFC 8866 §5 makes a
 * line's value "case-significant unless a specific field defines otherwise".
 */
export const parseAttribute = (name: string, value: string | undefined): Attribute | string =>
  value === undefined ? parseProperty(name) : parseValue(name, value);

const parseProperty = (name: string): Attribute | string => {
  switch (name) {
    case "sendrecv":
    case "sendonly":
    case "recvonly":
    case "inactive":
      return { _tag: "Direction", value: name };
    case "rtcp-mux":
      return { _tag: "RtcpMux" };
    case "end-of-candidates":
      return { _tag: "EndOfCandidates" };
    case "rtpmap":
    case "fmtp":
    case "ptime":
    case "maxptime":
    case "rtcp":
    case "rtcp-fb":
    case "extmap":
    case "mid":
    case "group":
    case "msid":
    case "ssrc":
    case "ssrc-group":
    case "setup":
    case "fingerprint":
    case "ice-ufrag":
    case "ice-pwd":
    case "ice-options":
    case "candidate":
    case "crypto":
    case "sctp-port":
    case "max-message-size":
    case "label":
    case "framerate":
      return `${name} needs a value`;
    default:
      return { _tag: "Other", name };
  }
};

const parseValue = (name: string, value: string): Attribute | string => {
  switch (name) {
    case "rtpmap":
      return parseRtpmap(value);
    case "fmtp":
      return parseFmtp(value);
    case "ptime":
      return parsePtime(value);
    case "maxptime":
      return parseMaxptime(value);
    case "sendrecv":
    case "sendonly":
    case "recvonly":
    case "inactive":
    case "rtcp-mux":
    case "end-of-candidates":
      return noValue(name);
    case "rtcp":
      return parseRtcp(value);
    case "rtcp-fb":
      return parseRtcpFb(value);
    case "extmap":
      return parseExtmap(value);
    case "mid":
      return parseMid(value);
    case "group":
      return parseGroup(value);
    case "msid":
      return parseMsid(value);
    case "ssrc":
      return parseSsrc(value);
    case "ssrc-group":
      return parseSsrcGroup(value);
    case "setup":
      return parseSetup(value);
    case "fingerprint":
      return parseFingerprint(value);
    case "ice-ufrag":
      return value.length === 0 ? "ice-ufrag needs a value" : { _tag: "IceUfrag", value };
    case "ice-pwd":
      return value.length === 0 ? "ice-pwd needs a value" : { _tag: "IcePwd", value };
    case "ice-options":
      return parseIceOptions(value);
    case "candidate":
      return parseCandidate(value);
    case "crypto":
      return parseCrypto(value);
    case "sctp-port":
      return parseSctpPort(value);
    case "max-message-size":
      return parseMaxMessageSize(value);
    case "label":
      return { _tag: "Label", value };
    case "framerate":
      return parseFramerate(value);
    default:
      return { _tag: "Other", name, value };
  }
};

/** The text after `a=` for a typed attribute. */
export const printAttribute = (a: Attribute): string => {
  switch (a._tag) {
    case "Rtpmap":
      return printRtpmap(a);
    case "Fmtp":
      return printFmtp(a);
    case "Ptime":
      return `ptime:${a.value}`;
    case "Maxptime":
      return `maxptime:${a.value}`;
    case "Direction":
      return a.value;
    case "Rtcp":
      return printRtcp(a);
    case "RtcpMux":
      return "rtcp-mux";
    case "RtcpFb":
      return printRtcpFb(a);
    case "Extmap":
      return printExtmap(a);
    case "Mid":
      return `mid:${a.value}`;
    case "Group":
      return printGroup(a);
    case "Msid":
      return printMsid(a);
    case "Ssrc":
      return printSsrc(a);
    case "SsrcGroup":
      return printSsrcGroup(a);
    case "Setup":
      return `setup:${a.role}`;
    case "Fingerprint":
      return printFingerprint(a);
    case "IceUfrag":
      return `ice-ufrag:${a.value}`;
    case "IcePwd":
      return `ice-pwd:${a.value}`;
    case "IceOptions":
      return `ice-options:${a.options.join(" ")}`;
    case "Candidate":
      return printCandidate(a);
    case "EndOfCandidates":
      return "end-of-candidates";
    case "Crypto":
      return printCrypto(a);
    case "SctpPort":
      return `sctp-port:${a.port}`;
    case "MaxMessageSize":
      return `max-message-size:${a.size}`;
    case "Label":
      return `label:${a.value}`;
    case "Framerate":
      return `framerate:${a.value}`;
    case "Other":
      return a.value === undefined ? a.name : `${a.name}:${a.value}`;
    default:
      return absurd(a);
  }
};
