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

const flag = (name: string, value: string | undefined, a: Attribute): Attribute | string =>
  value === undefined ? a : `${name} takes no value`;

const text = (name: string, value: string | undefined, make: (v: string) => Attribute | string): Attribute | string =>
  value === undefined ? `${name} needs a value` : make(value);

const nonEmpty = (name: string, make: (v: string) => Attribute) => (v: string): Attribute | string =>
  v.length === 0 ? `${name} needs a value` : make(v);

/**
 * One a= line's content, `name` before the first ":" and `value` after it (undefined for a
 * property attribute such as `a=rtcp-mux`). Names are matched case-sensitively (RFC 8866 §5.13).
 */
export const parseAttribute = (name: string, value: string | undefined): Attribute | string => {
  switch (name) {
    case "rtpmap":
      return text(name, value, parseRtpmap);
    case "fmtp":
      return text(name, value, parseFmtp);
    case "ptime":
      return text(name, value, parsePtime);
    case "maxptime":
      return text(name, value, parseMaxptime);
    case "sendrecv":
    case "sendonly":
    case "recvonly":
    case "inactive":
      return flag(name, value, { _tag: "Direction", value: name });
    case "rtcp":
      return text(name, value, parseRtcp);
    case "rtcp-mux":
      return flag(name, value, { _tag: "RtcpMux" });
    case "rtcp-fb":
      return text(name, value, parseRtcpFb);
    case "extmap":
      return text(name, value, parseExtmap);
    case "mid":
      return text(name, value, parseMid);
    case "group":
      return text(name, value, parseGroup);
    case "msid":
      return text(name, value, parseMsid);
    case "ssrc":
      return text(name, value, parseSsrc);
    case "ssrc-group":
      return text(name, value, parseSsrcGroup);
    case "setup":
      return text(name, value, parseSetup);
    case "fingerprint":
      return text(name, value, parseFingerprint);
    case "ice-ufrag":
      return text(name, value, nonEmpty(name, (v) => ({ _tag: "IceUfrag", value: v })));
    case "ice-pwd":
      return text(name, value, nonEmpty(name, (v) => ({ _tag: "IcePwd", value: v })));
    case "ice-options":
      return text(name, value, parseIceOptions);
    case "candidate":
      return text(name, value, parseCandidate);
    case "end-of-candidates":
      return flag(name, value, { _tag: "EndOfCandidates" });
    case "crypto":
      return text(name, value, parseCrypto);
    case "sctp-port":
      return text(name, value, parseSctpPort);
    case "max-message-size":
      return text(name, value, parseMaxMessageSize);
    case "label":
      return text(name, value, (v) => ({ _tag: "Label", value: v }));
    case "framerate":
      return text(name, value, parseFramerate);
    default:
      return value === undefined ? { _tag: "Other", name } : { _tag: "Other", name, value };
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
