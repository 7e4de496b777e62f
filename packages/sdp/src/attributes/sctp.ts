// SCTP over DTLS for data channels (RFC 8841): sctp-port, max-message-size; label (RFC 4574).
import type { MaxMessageSize, SctpPort } from "./model.js";
import { uint } from "./scan.js";

/** RFC 8841 §5.1: sctp-port:<port> */
export const parseSctpPort = (value: string): SctpPort | string => {
  const port = uint(value, 5);
  return port < 0 || port > 65535 ? "sctp-port must be 0-65535" : { _tag: "SctpPort", port };
};

/** RFC 8841 §6.1: max-message-size:<size> (0 means no limit). */
export const parseMaxMessageSize = (value: string): MaxMessageSize | string => {
  const size = uint(value, 15);
  return size < 0 ? "max-message-size must be a non-negative integer" : { _tag: "MaxMessageSize", size };
};
